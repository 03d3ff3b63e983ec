"""`create_backtest_app(container)`: the backtest API (odum-backend, port 8000)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any

import attrs
from litestar import Litestar
from litestar.di import Provide
from litestar.openapi.config import OpenAPIConfig

from adapters.observability.metered_backtest import MeteredBacktest
from adapters.prometheus.metrics import PrometheusMetrics
from application.backtest.service_runs import BacktestRuns
from application.health.bucket_probe import BucketProbe
from entrypoints.backtest_launch import BacktestServices, backtest_services
from entrypoints.http.backtest_routes import BacktestController
from entrypoints.http.errors import EXCEPTION_HANDLERS
from entrypoints.http.health import health_router
from entrypoints.http.metrics_routes import MetricsPlugin
from entrypoints.http.status_page import HEALTH_CORS, status_page
from ports.health_probe import HealthProbe

SERVICE_NAME = "odum-backend"
PORT = 8000


def create_backtest_app(container: Any, *, max_parallel_runs: int = 1) -> Litestar:
    """From the backtest profile's container (object store and backtest use case)."""
    infra_probes = getattr(container.infra, "health_probes", None)
    probes = dict(infra_probes()) if infra_probes is not None else {}
    metrics = container.metrics() if hasattr(container, "metrics") else PrometheusMetrics()
    return backtest_app(
        _metered(backtest_services(container), metrics),
        probes=probes,
        max_parallel_runs=max_parallel_runs,
        metrics=metrics,
    )


def _metered(services: BacktestServices, metrics: PrometheusMetrics) -> BacktestServices:
    """Runs, windows and bytes counted for /metrics (the use case itself stays unwrapped in
    the container: the CLI and tests use it as built)."""
    return attrs.evolve(services, run_backtest=MeteredBacktest(services.run_backtest, metrics))


def backtest_app(
    services: BacktestServices,
    *,
    probes: Mapping[str, HealthProbe] | None = None,
    max_parallel_runs: int = 1,
    metrics: PrometheusMetrics | None = None,
) -> Litestar:
    """The app over explicit services; `/api/health/gcs` always probes the services' store."""
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

    return Litestar(
        route_handlers=[BacktestController, status_page, health_router(SERVICE_NAME, all_probes)],
        dependencies={
            "runs": constant(runs),
            "services": constant(services),
            "reader": constant(services.reader()),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        cors_config=HEALTH_CORS,
        lifespan=[lifespan],
        plugins=[MetricsPlugin(metrics or PrometheusMetrics())],
        openapi_config=OpenAPIConfig(title=SERVICE_NAME, version="0.1.0", path="/schema"),
        debug=False,
    )
