"""Memory unit of work: all-or-nothing commits over a MemoryDatabase."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from adapters.memory.repositories import (
    MemoryFillRepository,
    MemoryOrderRepository,
    MemoryPositionRepository,
)
from adapters.memory.store import MemoryDatabase
from domain.errors import PersistenceUnavailable


class MemoryUnitOfWork:
    """Stages writes; `commit` checks every version first, then applies them together."""

    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db
        self.orders = MemoryOrderRepository(db)
        self.fills = MemoryFillRepository(db)
        self.positions = MemoryPositionRepository(db)

    async def __aenter__(self) -> Self:
        if not self._db.available:
            raise PersistenceUnavailable("memory database is marked unavailable")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.rollback()

    async def commit(self) -> None:
        if not self._db.available:
            raise PersistenceUnavailable("memory database is marked unavailable")
        async with self._db.lock:
            self.orders.check()
            self.fills.check()
            self.orders.apply()
            self.fills.apply()
            self.positions.apply()
            self._db.commits += 1

    async def rollback(self) -> None:
        self.orders.staged.clear()
        self.fills.staged.clear()
        self.positions.staged.clear()
