"""Infrastructure of the test profile: controllable clock, memory stores, simulated venues."""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.memory.clock import ControllableClock
from adapters.memory.event_publisher import InMemoryEventPublisher
from adapters.memory.health import MemoryDatabaseProbe, NotUsedProbe
from adapters.memory.market_data import InMemoryMarketData
from adapters.memory.object_store import MemoryObjectStore
from adapters.memory.store import MemoryDatabase
from adapters.memory.unit_of_work import MemoryUnitOfWork
from application.external_venues.supervisor import VenueSupervisor
from application.health.bucket_probe import BucketProbe
from application.settings.schema import Settings
from bootstrap.balances import starting_balances
from bootstrap.venues import build_venue_registry


class MemoryInfrastructure(containers.DeclarativeContainer):
    """Everything in process; time moves only when a test advances it."""

    settings = providers.Dependency(instance_of=Settings)
    clock = providers.Singleton(ControllableClock)
    database = providers.Singleton(MemoryDatabase)
    uow_factory = providers.Factory(MemoryUnitOfWork, db=database).provider
    market_data = providers.Singleton(InMemoryMarketData)
    balances = providers.Singleton(starting_balances, settings)
    publisher = providers.Singleton(InMemoryEventPublisher)
    supervisor = providers.Singleton(VenueSupervisor, clock=clock)
    venues = providers.Singleton(
        build_venue_registry,
        settings,
        clock=clock,
        market_data=market_data,
        supervisor=supervisor,
    )
    object_store = providers.Singleton(MemoryObjectStore)
    health_probes = providers.Dict(
        database=providers.Singleton(MemoryDatabaseProbe, db=database),
        redis=providers.Singleton(NotUsedProbe, "redis"),
        gcs=providers.Singleton(BucketProbe, object_store),
    )
