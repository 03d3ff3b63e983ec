"""Health endpoints of CONTRACTS §5: /api/health and one per dependency."""

from __future__ import annotations

from typing import Any

from litestar import Response, Router, get
from litestar.datastructures import ResponseHeader
from litestar.openapi.datastructures import ResponseSpec

from ports.health_probe import HealthProbe, HealthReport


def _response(
    report: HealthReport, extra: dict[str, Any] | None = None
) -> Response[dict[str, Any]]:
    if report.healthy and report.details.get("configured") is False:
        # A dependency this deployment does not use is neither healthy nor unhealthy.
        return Response({"status": "not_used", **report.details}, status_code=200)
    body: dict[str, Any] = {"status": "healthy" if report.healthy else "unhealthy"}
    body.update(extra or {})
    body.update(report.details)
    if report.error:
        body["error"] = report.error
    return Response(body, status_code=200 if report.healthy else 503)


async def _safe(probe: HealthProbe) -> HealthReport:
    try:
        return await probe.check()
    except Exception as error:  # a probe that blows up is an unhealthy dependency
        return HealthReport(healthy=False, error=f"{type(error).__name__}: {error}")


def health_router(service: str, probes: dict[str, HealthProbe]) -> Router:
    """`probes` keys: database, redis, gcs."""

    @get("/", sync_to_thread=False)
    def health() -> dict[str, str]:
        return {"status": "healthy", "service": service}

    handlers = [health]
    for name, probe in probes.items():
        handlers.append(_probe_handler(name, probe))
    # The status page on one service reads the other's health: public, so any origin may.
    anyone = ResponseHeader(name="access-control-allow-origin", value="*")
    return Router(path="/api/health", route_handlers=handlers, response_headers=[anyone])


def _probe_handler(name: str, probe: HealthProbe) -> Any:
    @get(
        f"/{name}",
        name=f"health-{name}",
        responses={503: ResponseSpec(data_container=dict[str, Any], description="unhealthy")},
    )
    async def check() -> Response[dict[str, Any]]:
        return _response(await _safe(probe))

    return check
