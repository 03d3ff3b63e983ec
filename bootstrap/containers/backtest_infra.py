"""What the backtest profile provides of its own: object store, datasets, the engine's use case."""

from __future__ import annotations

from typing import Any

from dependency_injector import containers, providers

from adapters.memory.health import NotUsedProbe
from adapters.memory.store import MemoryDatabase
from adapters.memory.unit_of_work import MemoryUnitOfWork
from application.settings.schema import Settings
from bootstrap.storage import build_object_store
from ports.object_store import ObjectStore


def build_run_backtest(store: ObjectStore, wall_clock: Any) -> Any:
    """RunBacktest wired with the dataset readers and the NautilusTrader engine."""
    from adapters.datasets.instruments import InstrumentsReader
    from adapters.datasets.signals import StoreSignalSource
    from adapters.datasets.windowed_loader import DayCrossingTicks
    from adapters.nautilus.engine import NautilusBacktestEngine
    from application.backtest.run_backtest import RunBacktest

    return RunBacktest(
        store=store,
        engine=NautilusBacktestEngine(),
        clock=wall_clock,
        instruments=InstrumentsReader(store),
        signals=StoreSignalSource(store),
        ticks=DayCrossingTicks(store),
    )


def _system_clock() -> Any:
    from adapters.system.clock import SystemClock

    return SystemClock()


def _controllable_clock() -> Any:
    from adapters.memory.clock import ControllableClock

    return ControllableClock()


class BacktestInfrastructure(containers.DeclarativeContainer):
    """The object store and the backtest use case; the order store stays in memory.

    `clock` is controllable: inside a run nautilus drives simulated time; `wall_clock`
    stamps runs and measures their wall time.
    """

    settings = providers.Dependency(instance_of=Settings)
    clock = providers.Singleton(_controllable_clock)
    wall_clock = providers.Singleton(_system_clock)
    database = providers.Singleton(MemoryDatabase)
    uow_factory = providers.Factory(MemoryUnitOfWork, db=database).provider
    store = providers.Singleton(build_object_store, settings)
    object_store = store
    run_backtest = providers.Singleton(build_run_backtest, store=store, wall_clock=wall_clock)
    health_probes = providers.Dict(
        database=providers.Singleton(NotUsedProbe, "database"),
        redis=providers.Singleton(NotUsedProbe, "redis"),
    )
