"""What the test profile provides of its own: controllable clock, memory stores and probes."""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.memory.clock import ControllableClock
from adapters.memory.health import MemoryDatabaseProbe, NotUsedProbe
from adapters.memory.object_store import MemoryObjectStore
from adapters.memory.store import MemoryDatabase
from adapters.memory.unit_of_work import MemoryUnitOfWork
from application.health.bucket_probe import BucketProbe
from application.settings.schema import Settings


class MemoryInfrastructure(containers.DeclarativeContainer):
    """Everything in process; time moves only when a test advances it."""

    settings = providers.Dependency(instance_of=Settings)
    clock = providers.Singleton(ControllableClock)
    database = providers.Singleton(MemoryDatabase)
    uow_factory = providers.Factory(MemoryUnitOfWork, db=database).provider
    object_store = providers.Singleton(MemoryObjectStore)
    health_probes = providers.Dict(
        database=providers.Singleton(MemoryDatabaseProbe, db=database),
        redis=providers.Singleton(NotUsedProbe, "redis"),
        gcs=providers.Singleton(BucketProbe, object_store),
    )
