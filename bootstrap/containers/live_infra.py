"""Infrastructure of the live profile: system clock, PostgreSQL persistence, configured venues."""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.memory.event_publisher import InMemoryEventPublisher
from adapters.memory.market_data import InMemoryMarketData
from adapters.postgres.config import postgres_config
from adapters.postgres.health import PostgresHealthProbe
from adapters.postgres.store import PostgresStore
from adapters.postgres.unit_of_work import PostgresUnitOfWorkFactory
from adapters.system.clock import SystemClock
from application.external_venues.supervisor import VenueSupervisor
from application.health.bucket_probe import BucketProbe
from application.settings.schema import Settings
from bootstrap.balances import starting_balances
from bootstrap.containers.redis_infra import redis_from_environment, redis_probe
from bootstrap.storage import build_object_store
from bootstrap.venues import build_venue_registry


class LiveInfrastructure(containers.DeclarativeContainer):
    """Same provider names as MemoryInfrastructure. Nothing connects when this is built: the
    URL is read when the store is first provided, the pool opens on the first query."""

    settings = providers.Dependency(instance_of=Settings)
    clock = providers.Singleton(SystemClock)
    database_config = providers.Singleton(postgres_config, settings.provided.database)
    database = providers.Singleton(PostgresStore, database_config)
    uow_factory = providers.Singleton(PostgresUnitOfWorkFactory, database)
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
        profile="live",
    )
    object_store = providers.Singleton(build_object_store, settings)
    redis = providers.Singleton(redis_from_environment)
    health_probes = providers.Dict(
        database=providers.Singleton(PostgresHealthProbe, database),
        redis=providers.Singleton(redis_probe, redis),
        gcs=providers.Singleton(BucketProbe, object_store),
    )
