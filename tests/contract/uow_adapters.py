"""The unit-of-work adapters every repository contract test runs against."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from adapters.memory.store import MemoryDatabase
from adapters.memory.unit_of_work import MemoryUnitOfWork
from adapters.postgres.config import PostgresConfig
from adapters.postgres.store import PostgresStore
from adapters.postgres.unit_of_work import PostgresUnitOfWorkFactory
from ports.unit_of_work import UnitOfWork

UowFactory = Callable[[], UnitOfWork]

# Each entry builds a fresh, empty store and returns a UoW factory over it.
ADAPTERS = ["memory", pytest.param("postgres", marks=pytest.mark.postgres)]


async def make_uow_factory(request: pytest.FixtureRequest) -> AsyncIterator[UowFactory]:
    if request.param == "memory":
        db = MemoryDatabase()
        yield lambda: MemoryUnitOfWork(db)
        return
    if request.param == "postgres":
        # tests.plugins.postgres_server: a migrated database, emptied for this test
        store = PostgresStore(PostgresConfig(url=request.getfixturevalue("postgres_url")))
        try:
            yield PostgresUnitOfWorkFactory(store)
        finally:
            await store.close()
        return
    raise ValueError(f"unknown adapter {request.param}")
