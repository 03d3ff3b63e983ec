"""Infrastructure of the backtest profile: object store, datasets, NautilusTrader engine."""

from __future__ import annotations

from typing import Any

from dependency_injector import containers, providers

from adapters.memory.event_publisher import InMemoryEventPublisher
from adapters.memory.health import NotUsedProbe
from adapters.memory.market_data import InMemoryMarketData
from adapters.memory.store import MemoryDatabase
from adapters.memory.unit_of_work import MemoryUnitOfWork
from application.external_venues.supervisor import VenueSupervisor
from application.settings.schema import Settings
from bootstrap.balances import starting_balances
from bootstrap.storage import build_object_store
from bootstrap.venues import build_venue_registry
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


def simulated_venues(
    settings: Settings, clock: Any, market_data: InMemoryMarketData, supervisor: Any
) -> Any:
    """Every configured venue simulated, whatever adapter it names for live trading."""
    from adapters.memory.simulated_venue import SimulatedVenue

    def simulated(_settings: Any, spec: Any) -> Any:
        return SimulatedVenue(spec, clock, market_data=market_data)

    return build_venue_registry(
        settings,
        clock=clock,
        market_data=market_data,
        supervisor=supervisor,
        builders={"deribit": simulated, "nautilus": simulated},
        profile="backtest",
    )


def _system_clock() -> Any:
    from adapters.system.clock import SystemClock

    return SystemClock()


def _controllable_clock() -> Any:
    from adapters.memory.clock import ControllableClock

    return ControllableClock()


class BacktestInfrastructure(containers.DeclarativeContainer):
    """Same provider names as MemoryInfrastructure, plus the store and the use case.

    `clock` is controllable: inside a run nautilus drives simulated time; `wall_clock`
    stamps runs and measures their wall time.
    """

    settings = providers.Dependency(instance_of=Settings)
    clock = providers.Singleton(_controllable_clock)
    wall_clock = providers.Singleton(_system_clock)
    database = providers.Singleton(MemoryDatabase)
    uow_factory = providers.Factory(MemoryUnitOfWork, db=database).provider
    market_data = providers.Singleton(InMemoryMarketData)
    balances = providers.Singleton(starting_balances, settings)
    publisher = providers.Singleton(InMemoryEventPublisher)
    supervisor = providers.Singleton(VenueSupervisor, clock=clock)
    venues = providers.Singleton(
        simulated_venues, settings, clock=clock, market_data=market_data, supervisor=supervisor
    )
    store = providers.Singleton(build_object_store, settings)
    object_store = store
    run_backtest = providers.Singleton(build_run_backtest, store=store, wall_clock=wall_clock)
    health_probes = providers.Dict(
        database=providers.Singleton(NotUsedProbe, "database"),
        redis=providers.Singleton(NotUsedProbe, "redis"),
    )
