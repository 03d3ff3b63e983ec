"""`create_backtest_app(container)`: the backtest API (odum-backend, port 8000)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar
from litestar.di import Provide
from litestar.openapi.config import OpenAPIConfig

from adapters.auth.keys import KeyRing
from application.backtest.service_runs import BacktestRuns
from application.health.bucket_probe import BucketProbe
from application.settings.schema import ApiSettings
from entrypoints.backtest_launch import BacktestServices, backtest_services
from entrypoints.http.backtest_routes import BacktestController
from entrypoints.http.edge import Edge
from entrypoints.http.errors import EXCEPTION_HANDLERS
from entrypoints.http.health import health_router
from entrypoints.http.responses import SECURITY_SCHEMES, document_errors
from entrypoints.http.status_page import status_page
from ports.health_probe import HealthProbe

SERVICE_NAME = "odum-backend"
PORT = 8000


def create_backtest_app(
    container: Any, *, max_parallel_runs: int = 1, keys: KeyRing | None = None
) -> Litestar:
    """From the backtest profile's container (object store and backtest use case)."""
    infra_probes = getattr(container.infra, "health_probes", None)
    probes = dict(infra_probes()) if infra_probes is not None else {}
    settings = getattr(container, "settings", None)
    api = settings().api if settings is not None else ApiSettings()
    return backtest_app(
        backtest_services(container),
        probes=probes,
        max_parallel_runs=max_parallel_runs,
        api=api,
        keys=keys,
    )


def backtest_app(
    services: BacktestServices,
    *,
    probes: Mapping[str, HealthProbe] | None = None,
    max_parallel_runs: int = 1,
    api: ApiSettings | None = None,
    keys: KeyRing | None = None,
) -> Litestar:
    """The app over explicit services; `/api/health/gcs` always probes the services' store.
    `keys` replaces the key ring read from the environment (`api.keys_env`)."""
    api = api or ApiSettings()
    edge = Edge(api, keys=keys, service=SERVICE_NAME)
    from adapters.memory.health import NotUsedProbe

    executor = ThreadPoolExecutor(max_parallel_runs, thread_name_prefix="backtest")
    runs = BacktestRuns(services.job(), executor)
    all_probes: dict[str, HealthProbe] = {
        "database": NotUsedProbe("database"),
        "redis": NotUsedProbe("redis"),
        **(probes or {}),
        "gcs": BucketProbe(services.store),
    }

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        try:
            yield
        finally:
            # Queued runs are dropped; a running one finishes its summary before exit.
            executor.shutdown(wait=False, cancel_futures=True)

    def constant(value: object) -> Provide:
        return Provide(lambda: value, use_cache=True, sync_to_thread=False)

    app = Litestar(
        route_handlers=[BacktestController, status_page, health_router(SERVICE_NAME, all_probes)],
        dependencies={
            "runs": constant(runs),
            "services": constant(services),
            "reader": constant(services.reader()),
            "api": constant(api),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[edge.lifespan(), lifespan],
        openapi_config=OpenAPIConfig(
            title=SERVICE_NAME, version="0.1.0", path="/schema", components=SECURITY_SCHEMES
        ),
        debug=False,
        **edge.litestar_kwargs(),
    )
    return document_errors(app)
