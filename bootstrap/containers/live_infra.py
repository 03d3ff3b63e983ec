"""What the live profile provides of its own: system clock, PostgreSQL, the bucket, Redis."""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.postgres.config import postgres_config
from adapters.postgres.health import PostgresHealthProbe
from adapters.postgres.store import PostgresStore
from adapters.postgres.unit_of_work import PostgresUnitOfWorkFactory
from adapters.system.clock import SystemClock
from application.health.bucket_probe import BucketProbe
from application.settings.schema import Settings
from bootstrap.containers.redis_infra import redis_from_environment, redis_probe
from bootstrap.storage import build_object_store


class LiveInfrastructure(containers.DeclarativeContainer):
    """Nothing connects when this is built: the URL is read when the store is first
    provided, the pool opens on the first query."""

    settings = providers.Dependency(instance_of=Settings)
    clock = providers.Singleton(SystemClock)
    database_config = providers.Singleton(postgres_config, settings.provided.database)
    database = providers.Singleton(PostgresStore, database_config)
    uow_factory = providers.Singleton(PostgresUnitOfWorkFactory, database)
    object_store = providers.Singleton(build_object_store, settings)
    redis = providers.Singleton(redis_from_environment)
    health_probes = providers.Dict(
        database=providers.Singleton(PostgresHealthProbe, database),
        redis=providers.Singleton(redis_probe, redis),
        gcs=providers.Singleton(BucketProbe, object_store),
    )
