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

from adapters.auth.keys import KeyRing
from adapters.observability.metered_backtest import MeteredBacktest
from adapters.prometheus.metrics import PrometheusMetrics
from application.backtest.service_runs import BacktestRuns
from application.health.bucket_probe import BucketProbe
from application.runs.read_progress import ReadProgress
from application.runs.tables import RunTables
from application.settings.schema import ApiSettings
from bootstrap.backtest_launch import BacktestServices, backtest_services
from entrypoints.http.backtest_routes import BacktestController
from entrypoints.http.edge import Edge
from entrypoints.http.errors import EXCEPTION_HANDLERS
from entrypoints.http.health import health_router
from entrypoints.http.read_routes import backtest_read_routes
from entrypoints.http.responses import SECURITY_SCHEMES, document_errors
from entrypoints.http.status_page import status_page
from entrypoints.http.sweep_routes import SweepApi, SweepController, sweep_api_for
from entrypoints.http.ui_routes import ui_router
from ports.health_probe import HealthProbe

SERVICE_NAME = "odum-backend"
PORT = 8000


def create_backtest_app(
    container: Any, *, max_parallel_runs: int = 1, keys: KeyRing | None = None
) -> Litestar:
    """From the backtest profile's container (object store and backtest use case)."""
    infra_probes = getattr(container.infra, "health_probes", None)
    probes = dict(infra_probes()) if infra_probes is not None else {}
    metrics = container.metrics() if hasattr(container, "metrics") else PrometheusMetrics()
    services = backtest_services(container)
    settings = getattr(container, "settings", None)
    api = settings().api if settings is not None else ApiSettings()
    # Sweeps run their backtests on this service's storage: they need its settings.
    sweeps = sweep_api_for(services.store, settings()) if settings is not None else None
    return backtest_app(
        _metered(services, metrics),
        probes=probes,
        max_parallel_runs=max_parallel_runs,
        metrics=metrics,
        sweeps=sweeps,
        api=api,
        keys=keys,
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
    sweeps: SweepApi | None = None,
    api: ApiSettings | None = None,
    keys: KeyRing | None = None,
) -> Litestar:
    """The app over explicit services; `/api/health/gcs` always probes the services' store.
    With `sweeps`, the sweep API is served too. `keys` replaces the key ring read from the
    environment (`api.keys_env`)."""
    from adapters.memory.health import NotUsedProbe

    api = api or ApiSettings()
    edge = Edge(api, keys=keys, service=SERVICE_NAME)
    read_progress = ReadProgress(services.run_backtest)  # bytes read, for the progress view
    services = attrs.evolve(services, run_backtest=read_progress)
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

    handlers: list[Any] = [
        BacktestController,
        status_page,
        health_router(SERVICE_NAME, all_probes),
        backtest_read_routes(RunTables(services.store), read_progress),
        ui_router("backtest"),
    ]
    if sweeps is not None:
        handlers.append(SweepController)
    edge_kwargs = edge.litestar_kwargs(metrics or PrometheusMetrics())
    app = Litestar(
        route_handlers=handlers,
        dependencies={
            "runs": constant(runs),
            "services": constant(services),
            "reader": constant(services.reader()),
            "sweep_api": constant(sweeps),
            "api": constant(api),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[edge.lifespan(), lifespan],
        openapi_config=OpenAPIConfig(
            title=SERVICE_NAME, version="0.1.0", path="/schema", components=SECURITY_SCHEMES
        ),
        debug=False,
        **edge_kwargs,
    )
    return document_errors(app)
