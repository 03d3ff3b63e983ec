"""Group commit: the writes of concurrent units of work committed together, in order."""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any

import attrs
import msgspec
from psycopg import AsyncConnection, AsyncRawCursor
from psycopg.types.json import Jsonb

from adapters.postgres import statements
from adapters.postgres.store import PostgresStore
from domain.errors import ConcurrentUpdate, PersistenceUnavailable

Record = dict[str, Any]
Key = tuple[str, str]
COMMIT_LANES = 3
# Records hold JSON types only (mapping.py); msgspec writes them several times faster.
_encode = msgspec.json.Encoder().encode


def _jsonb(records: list[Record]) -> Jsonb:
    return Jsonb(records, dumps=_encode)


@attrs.frozen(kw_only=True)
class Changes:
    """Everything one unit of work writes, as records; updates carry the version they read."""

    new_orders: tuple[Record, ...] = ()
    updated_orders: tuple[Record, ...] = ()
    fills: tuple[Record, ...] = ()
    positions: tuple[Record, ...] = ()

    def strict_keys(self) -> set[Key]:
        """What may appear once per batch: orders (and client ids) and fills."""
        keys = {("order", r["operation_id"]) for r in (*self.new_orders, *self.updated_orders)}
        keys |= {("client", r["client_order_id"]) for r in self.new_orders}
        keys |= {("fill", f"{r['venue']}:{r['venue_trade_id']}") for r in self.fills}
        return keys | {("fill_id", r["fill_id"]) for r in self.fills}

    def position_keys(self) -> set[Key]:
        """Positions: last write wins, so within a batch the later snapshot is kept."""
        return {("position", r["canonical_id"]) for r in self.positions}


@attrs.define
class _Pending:
    changes: Changes
    strict: set[Key]
    soft: set[Key]
    future: asyncio.Future[None]
    keys: set[Key] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.keys = self.strict | self.soft


class _Conflict(Exception):
    def __init__(self, error: ConcurrentUpdate) -> None:
        self.error = error


class GroupCommit:
    """Commits wait while `lanes` batches are in flight, then go together: one statement,
    one round trip, one WAL flush per batch. Batches run in parallel only when they share no
    order, fill or position, so a unit's writes never overtake an earlier unit's writes to
    the same rows (its version check builds on them). If a member conflicts the statement
    writes nothing and the members are committed one by one, each getting its own verdict."""

    def __init__(self, store: PostgresStore, *, lanes: int = COMMIT_LANES) -> None:
        self._store, self._lanes = store, lanes
        self._max_batch = store.config.max_batch
        self._queue: deque[_Pending] = deque()
        self._in_flight: set[Key] = set()
        self._active = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self.batches = self.requests = 0

    async def commit(self, changes: Changes) -> None:
        future = asyncio.get_running_loop().create_future()
        pending = _Pending(changes, changes.strict_keys(), changes.position_keys(), future)
        self._queue.append(pending)
        self._start_lanes()
        await future

    def _start_lanes(self) -> None:
        while self._active < self._lanes and len(self._queue) > self._active:
            self._active += 1
            task = asyncio.get_running_loop().create_task(self._lane())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _lane(self) -> None:
        try:
            await asyncio.sleep(0)  # let the other commits of this tick join the batch
            while batch := self._take():
                keys = set().union(*(p.keys for p in batch))
                self._in_flight |= keys
                try:
                    results = await self._commit_batch([p.changes for p in batch])
                finally:
                    self._in_flight -= keys
                for pending, result in zip(batch, results, strict=True):
                    if pending.future.done():
                        continue
                    if result is None:
                        pending.future.set_result(None)
                    else:
                        pending.future.set_exception(result)
                self._start_lanes()  # what this batch blocked may run now
        finally:
            self._active -= 1

    def _take(self) -> list[_Pending]:
        """The oldest commits that touch nothing in flight (nor what an older, waiting
        commit touches), without repeating an order or fill."""
        taken: list[_Pending] = []
        strict: set[Key] = set()
        blocked = set(self._in_flight)
        waiting: deque[_Pending] = deque()
        queue, room = self._queue, self._max_batch
        while queue and len(taken) < room:
            pending = queue.popleft()
            if (
                pending.strict.isdisjoint(blocked)
                and pending.strict.isdisjoint(strict)
                and pending.soft.isdisjoint(blocked)
            ):
                taken.append(pending)
                strict |= pending.strict
            else:
                blocked |= pending.keys
                waiting.append(pending)
        waiting.extend(queue)  # the ones not looked at keep their place behind
        self._queue = waiting
        self.batches += bool(taken)
        self.requests += len(taken)
        return taken

    async def _commit_batch(self, batch: list[Changes]) -> list[Exception | None]:
        try:
            await self._write_at_once(batch)
            return [None] * len(batch)
        except PersistenceUnavailable as unavailable:
            return [unavailable] * len(batch)
        except Exception:  # a conflict or a bad value: find out whose, one by one
            pass
        return [await self._commit_alone(member) for member in batch]

    async def _commit_alone(self, member: Changes) -> Exception | None:
        try:
            await self._write_and_check(member)
        except _Conflict as conflict:
            return conflict.error
        except Exception as error:
            return error
        return None

    async def _write_at_once(self, batch: list[Changes]) -> None:
        """The fast path: the whole batch in one statement (statements.commit_batch)."""
        positions = list({r["canonical_id"]: r for c in batch for r in c.positions}.values())
        params: dict[str, Any] = {"positions": _jsonb(positions)}
        for name in ("new_orders", "updated_orders", "fills"):
            records = [r for c in batch for r in getattr(c, name)]
            params[name], params[f"n_{name}"] = _jsonb(records), len(records)
        values = [params[name] for name in statements.COMMIT_PARAMETERS]
        async with self._store.connection() as conn:
            await AsyncRawCursor(conn).execute(statements.commit_batch(), values)

    async def _write_and_check(self, changes: Changes) -> None:
        """The precise path: statement by statement in a transaction, naming any conflict."""
        new, updated = list(changes.new_orders), list(changes.updated_orders)
        fills, positions = list(changes.fills), list(changes.positions)
        async with self._store.connection() as conn, conn.pipeline(), conn.transaction():
            inserted = await _execute(conn, statements.insert_orders(), new)
            changed = await _execute(conn, statements.update_orders(), updated)
            stored = await _execute(conn, statements.insert_fills(), fills)
            await _execute(conn, statements.upsert_positions(), positions)
            _check_orders(new, await _rows(inserted), updated, await _rows(changed))
            _check_fills(fills, await _rows(stored))


async def _execute(conn: AsyncConnection[Any], sql: str, records: list[Record]) -> Any:
    if not records:
        return None
    return await conn.execute(sql, {"rows": _jsonb(records)})


async def _rows(cursor: Any) -> list[Record]:
    return [] if cursor is None else await cursor.fetchall()


def _missing(expected: list[Record], returned: list[Record], *columns: str) -> Record | None:
    done = {tuple(row[c] for c in columns) for row in returned}
    return next((r for r in expected if tuple(r[c] for c in columns) not in done), None)


def _check_orders(
    new: list[Record], inserted: list[Record], updated: list[Record], changed: list[Record]
) -> None:
    if (first := _missing(new, inserted, "operation_id")) is not None:
        raise _Conflict(ConcurrentUpdate("order", first["operation_id"], 0))
    if (first := _missing(updated, changed, "operation_id")) is not None:
        raise _Conflict(ConcurrentUpdate("order", first["operation_id"], first["version"]))


def _check_fills(fills: list[Record], stored: list[Record]) -> None:
    if (first := _missing(fills, stored, "venue", "venue_trade_id")) is not None:
        key = f"{first['venue']}:{first['venue_trade_id']}"
        raise _Conflict(ConcurrentUpdate("fill", key, 0))
