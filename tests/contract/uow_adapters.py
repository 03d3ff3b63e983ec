"""The unit-of-work adapters every repository contract test runs against."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from adapters.memory.store import MemoryDatabase
from adapters.memory.unit_of_work import MemoryUnitOfWork
from ports.unit_of_work import UnitOfWork

UowFactory = Callable[[], UnitOfWork]

# Each entry builds a fresh, empty store and returns a UoW factory over it.
ADAPTERS = ["memory"]


async def make_uow_factory(request: pytest.FixtureRequest) -> AsyncIterator[UowFactory]:
    if request.param == "memory":
        db = MemoryDatabase()
        yield lambda: MemoryUnitOfWork(db)
        return
    raise ValueError(f"unknown adapter {request.param}")
