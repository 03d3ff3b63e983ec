"""The protected edge both services share: keys and roles, audit, CORS, body limits."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar
from litestar.config.cors import CORSConfig

from adapters.auth.audit import AuditTrail, AuditTrails, LogAuditTrail
from adapters.auth.keys import KeyRing
from adapters.auth.loading import load_keyring
from adapters.prometheus.metrics import PrometheusMetrics
from application.settings.schema import ApiSettings
from entrypoints.http.access import Access
from entrypoints.http.bodies import ClosedStructSchemas
from entrypoints.http.edge_middleware import DirectRoute, edge_middleware
from entrypoints.http.metrics_routes import MetricsPlugin, RequestMeter

log = logging.getLogger(__name__)


class Edge:
    """What `create_*_app` passes to Litestar, plus a lifespan for trails that need one."""

    def __init__(
        self,
        api: ApiSettings,
        *,
        keys: KeyRing | None = None,
        trails: tuple[AuditTrail, ...] = (),
        service: str,
    ) -> None:
        self.api = api
        self.access = Access(
            keys=keys if keys is not None else load_keyring(api.keys_env, api.keys_file_env),
            open_reads_on_loopback=api.open_reads_on_loopback,
        )
        self.trails = trails
        self.trail = AuditTrails((LogAuditTrail(), *trails))
        self._announce(service)

    def _announce(self, service: str) -> None:
        count = len(self.access.keys)
        log.info("%s: %d API key(s) loaded from %s / %s", service, count, *self._sources())
        if count == 0:
            log.warning(
                "%s: no API keys: every call except health, /status and /metrics is refused",
                service,
            )
        if self.api.open_reads_on_loopback:
            log.warning(
                "%s: reads are open WITHOUT a key to loopback clients (api.open_reads_on_loopback)",
                service,
            )

    def _sources(self) -> tuple[str, str]:
        return f"${self.api.keys_env}", f"${self.api.keys_file_env}"

    def cors(self) -> CORSConfig | None:
        """Closed unless origins are configured (the status page adds its own health CORS)."""
        if not self.api.allowed_origins:
            return None
        return CORSConfig(
            allow_origins=list(self.api.allowed_origins),
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["authorization", "x-api-key", "content-type", "accept"],
        )

    def lifespan(self) -> Callable[[Litestar], Any]:
        @asynccontextmanager
        async def trails(_: Litestar) -> AsyncIterator[None]:
            for trail in self.trails:
                await trail.start()  # type: ignore[attr-defined]
            try:
                yield
            finally:
                for trail in self.trails:
                    await trail.stop()  # type: ignore[attr-defined]

        return trails

    def litestar_kwargs(
        self,
        metrics: PrometheusMetrics,
        direct: Mapping[tuple[str, str], DirectRoute] | None = None,
    ) -> dict[str, Any]:
        """One middleware checks keys, audits and meters (no guard: Litestar copies the
        handler for each guard call); `direct` routes answer their plain requests themselves."""
        meter = RequestMeter(metrics)
        return {
            "middleware": [edge_middleware(self.access, self.trail, meter, direct)],
            "cors_config": self.cors(),
            "request_max_body_size": self.api.max_body_bytes,
            "plugins": [ClosedStructSchemas(), MetricsPlugin(metrics)],
        }
