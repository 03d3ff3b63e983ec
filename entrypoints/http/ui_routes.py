"""The operator web app: the built `frontend/dist` at `/`, its config, and a proxy to the
other service so the app reaches both backends through one origin (no CORS, no ports)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
from litestar import Request, Response, Router, get, route
from litestar.background_tasks import BackgroundTask
from litestar.params import FromPath
from litestar.response import Stream
from litestar.static_files import create_static_files_router

from entrypoints.http.access import PUBLIC

SERVICES = ("backtest", "live")
PEER_ENV = {"backtest": "ODUM_BACKTEST_URL", "live": "ODUM_LIVE_URL"}
PEER_DEFAULT = {"backtest": "http://127.0.0.1:8000", "live": "http://127.0.0.1:8001"}
FORWARDED = ("authorization", "x-api-key", "content-type", "accept", "last-event-id")
PROXY_PREFIX = "/svc"
OPEN = {PUBLIC: True}  # no data in these: the shell, its assets, the key-checked proxy
SPA_PATHS = ("/", "/backtests", "/backtests/{rest:path}", "/live", "/live/{rest:path}", "/settings")


def dist_dir() -> Path:
    """`ODUM_UI_DIST`, else `frontend/dist` of this checkout."""
    configured = os.environ.get("ODUM_UI_DIST")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "frontend" / "dist"


def built_index() -> Path | None:
    index = dist_dir() / "index.html"
    return index if index.is_file() else None


def peer_url(peer: str) -> str:
    return os.environ.get(PEER_ENV[peer], PEER_DEFAULT[peer]).rstrip("/")


def ui_config(service: str) -> dict[str, Any]:
    """Where the app finds each service: this one at the origin, the other via the proxy."""
    poll = os.environ.get("ODUM_UI_POLL_SECONDS", "30")
    return {
        "service": service,
        "services": {
            name: "" if name == service else f"{PROXY_PREFIX}/{name}" for name in SERVICES
        },
        "poll_seconds": float(poll) if poll.replace(".", "", 1).isdigit() else 30.0,
    }


def _index_page() -> Response[bytes]:
    index = built_index()
    if index is None:
        message = b"The web app is not built: run ./dev ui (npm ci && npm run build)."
        return Response(message, status_code=404, media_type="text/plain; charset=utf-8")
    return Response(index.read_bytes(), media_type="text/html; charset=utf-8")


def _error(status: int, message: str) -> Response[dict[str, Any]]:
    return Response({"status_code": status, "error": message}, status_code=status)


def ui_routes(service: str) -> list[Any]:
    """Handlers for `service` ("backtest" or "live"); the app's pages only once it is built."""
    (peer,) = (name for name in SERVICES if name != service)

    @get("/ui-config.json", include_in_schema=False, sync_to_thread=False, opt=OPEN)
    def config() -> dict[str, Any]:
        return ui_config(service)

    @get(list(SPA_PATHS), include_in_schema=False, sync_to_thread=False, opt=OPEN)
    def page() -> Response[bytes]:
        return _index_page()

    @route(
        f"{PROXY_PREFIX}/{{name:str}}/{{path:path}}",
        http_method=["GET", "POST", "PUT", "PATCH", "DELETE"],
        include_in_schema=False,
        opt=OPEN,
    )
    async def proxy(
        name: FromPath[str], path: FromPath[str], request: Request[Any, Any, Any]
    ) -> Any:
        if name != peer:
            return _error(404, f"{PROXY_PREFIX}/{name}: only {PROXY_PREFIX}/{peer} is proxied here")
        return await forward(peer_url(peer), path, request)

    handlers: list[Any] = [config, page, proxy]
    assets = dist_dir() / "assets"
    if assets.is_dir():
        handlers.append(
            create_static_files_router(
                path="/assets", directories=[assets], include_in_schema=False, opt=OPEN
            )
        )
    return handlers


async def forward(base: str, path: str, request: Request[Any, Any, Any]) -> Any:
    """One request to the peer; streamed back (Server-Sent Events pass through)."""
    headers = {k: v for k, v in request.headers.items() if k.lower() in FORWARDED}
    streaming = path.rstrip("/").endswith("/api/events")
    timeout = httpx.Timeout(30.0, connect=3.0, read=None if streaming else 30.0)
    client = httpx.AsyncClient(timeout=timeout)
    try:
        upstream = await client.send(
            client.build_request(
                request.method,
                f"{base}{path}",
                params=list(request.query_params.multi_items()),
                headers=headers,
                content=await request.body(),
            ),
            stream=True,
        )
    except httpx.HTTPError as error:
        await client.aclose()
        return _error(502, f"the {base} service did not answer: {type(error).__name__}")

    async def body() -> AsyncIterator[bytes]:
        async for chunk in upstream.aiter_raw():
            yield chunk

    async def close() -> None:
        await upstream.aclose()
        await client.aclose()

    kept = {
        k: v
        for k, v in upstream.headers.items()
        if k.lower() in ("content-type", "cache-control", "x-accel-buffering")
    }
    return Stream(
        body(), status_code=upstream.status_code, headers=kept, background=BackgroundTask(close)
    )


def ui_router(service: str) -> Router:
    return Router(path="/", route_handlers=ui_routes(service))
