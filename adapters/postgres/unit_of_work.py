"""PostgreSQL unit of work: one atomic commit of staged orders, fills and positions."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from adapters.postgres.commits import Changes, GroupCommit
from adapters.postgres.mapping import fill_record
from adapters.postgres.repositories import (
    PostgresFillRepository,
    PostgresOrderRepository,
    PostgresPositionRepository,
)
from adapters.postgres.store import PostgresStore


class PostgresUnitOfWork:
    """Reads see committed rows plus this unit's staged writes; `commit` writes them in one
    transaction (possibly shared with concurrent units: see GroupCommit), checking every
    order's version and every uniqueness rule: a conflict raises ConcurrentUpdate, a lost
    database PersistenceUnavailable, and then nothing of this unit is stored."""

    def __init__(self, store: PostgresStore, commits: GroupCommit) -> None:
        self._store, self._commits = store, commits
        self.orders = PostgresOrderRepository(store)
        self.fills = PostgresFillRepository(store)
        self.positions = PostgresPositionRepository(store)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.rollback()

    async def commit(self) -> None:
        new, updated = self.orders.records()
        changes = Changes(
            new_orders=new,
            updated_orders=updated,
            fills=tuple(fill_record(f) for f in self.fills.staged.values()),
            positions=tuple(self.positions.staged.values()),
        )
        if new or updated or changes.fills or changes.positions:
            await self._commits.commit(changes)
        await self.rollback()  # committed: nothing staged any more

    async def rollback(self) -> None:
        self.orders.staged.clear()
        self.fills.staged.clear()
        self.positions.staged.clear()


class PostgresUnitOfWorkFactory:
    """`factory()` -> a new PostgresUnitOfWork over one shared store and group commit."""

    def __init__(self, store: PostgresStore) -> None:
        self.store = store
        self.commits = GroupCommit(store)

    def __call__(self) -> PostgresUnitOfWork:
        return PostgresUnitOfWork(self.store, self.commits)
