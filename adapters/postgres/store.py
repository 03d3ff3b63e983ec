"""The PostgreSQL store shared by every unit of work: pool, batched reads, group commit."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

import psycopg
import psycopg_pool
from psycopg import AsyncConnection

from adapters.postgres import statements
from adapters.postgres.coalescer import Coalescer
from adapters.postgres.config import PostgresConfig
from adapters.postgres.engine import create_pool
from domain.errors import PersistenceUnavailable

Row = dict[str, Any]
FillKey = tuple[str, str]
UNREACHABLE = (psycopg.OperationalError, psycopg.InterfaceError, psycopg_pool.PoolTimeout, OSError)
READ_LANES = 2


class PostgresStore:
    """Owns the connection pool (opened on first use, inside the running loop) and serves
    point reads in batches; `commits` is attached by the group commit (see commits.py)."""

    def __init__(
        self,
        config: PostgresConfig,
        pool_factory: Callable[[PostgresConfig], psycopg_pool.AsyncConnectionPool] = create_pool,
    ) -> None:
        self.config = config
        self._pool_factory = pool_factory
        self._pool: psycopg_pool.AsyncConnectionPool | None = None
        batch = config.max_batch
        self.orders_by_id = Coalescer(self._by("operation_id"), lanes=READ_LANES, max_batch=batch)
        self.orders_by_client_id = Coalescer(
            self._by("client_order_id"), lanes=READ_LANES, max_batch=batch
        )
        self.fill_stored = Coalescer(self._fills_stored, lanes=READ_LANES, max_batch=batch)
        self.fills_of = Coalescer(self._fills_of, lanes=READ_LANES, max_batch=batch)

    # -- connections -------------------------------------------------------------------
    async def start(self) -> None:
        if self._pool is None:
            pool = self._pool_factory(self.config)
            self._pool = pool
            await pool.open(wait=False)

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    def unavailable(self, error: BaseException) -> PersistenceUnavailable:
        """A message that says what failed without the URL or its password."""
        detail = self.config.redact(str(error).strip().splitlines()[0] if str(error) else "")
        return PersistenceUnavailable(
            f"PostgreSQL is unreachable ({type(error).__name__}"
            f"{': ' + detail if detail else ''}); nothing was written"
        )

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConnection[Any]]:
        """A pooled autocommit connection; losing the database raises PersistenceUnavailable."""
        try:
            await self.start()
            assert self._pool is not None
            async with self._pool.connection() as conn:
                yield conn
        except UNREACHABLE as error:
            raise self.unavailable(error) from None

    async def fetch(self, sql: str, params: Mapping[str, Any]) -> list[Row]:
        async with self.connection() as conn:
            cursor = await conn.execute(sql, params)
            return await cursor.fetchall()

    # -- batched point reads -----------------------------------------------------------
    def _by(self, column: str) -> Callable[[list[str]], Any]:
        sql = statements.orders_by(column)

        async def load(keys: list[str]) -> list[Row | None]:
            rows = await self.fetch(sql, {"keys": list(set(keys))})
            found = {row[column]: row for row in rows}
            return [found.get(key) for key in keys]

        return load

    async def _fills_stored(self, keys: list[FillKey]) -> list[bool]:
        unique = list(set(keys))
        venues, trades = [venue for venue, _ in unique], [trade for _, trade in unique]
        rows = await self.fetch(statements.stored_fill_keys(), {"venues": venues, "trades": trades})
        stored = {(row["venue"], row["venue_trade_id"]) for row in rows}
        return [key in stored for key in keys]

    async def _fills_of(self, operation_ids: list[str]) -> list[list[Row]]:
        rows = await self.fetch(statements.fills_of_orders(), {"keys": list(set(operation_ids))})
        by_order: dict[str, list[Row]] = {}
        for row in rows:
            by_order.setdefault(row["operation_id"], []).append(row)
        return [by_order.get(op, []) for op in operation_ids]
