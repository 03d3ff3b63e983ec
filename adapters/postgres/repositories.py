"""PostgreSQL repositories: reads go to the database (batched), writes are staged for commit."""

from __future__ import annotations

from collections.abc import Collection

from adapters.memory.copying import copy_order
from adapters.postgres import statements
from adapters.postgres.mapping import (
    fill_from_row,
    order_from_row,
    order_record,
    plain,
    position_from_row,
    position_record,
)
from adapters.postgres.store import PostgresStore, Row
from domain.enums import OrderStatus
from domain.fill import Fill, StrategyFill, StrategyTotal
from domain.ids import ClientOrderId, OperationId, StrategyId
from domain.order import Order
from domain.unified_position import UnifiedPosition


class PostgresOrderRepository:
    """Orders; an update carries the version it read and is checked at commit."""

    def __init__(self, store: PostgresStore) -> None:
        self._store = store
        # operation id -> (snapshot, version read; None for an order added in this unit)
        self.staged: dict[OperationId, tuple[Order, int | None]] = {}

    async def add(self, order: Order) -> None:
        self.staged[order.operation_id] = (copy_order(order), None)

    async def get(self, operation_id: OperationId) -> Order | None:
        staged = self.staged.get(operation_id)
        if staged is not None:
            return copy_order(staged[0])
        row = await self._store.orders_by_id.submit(operation_id)
        return order_from_row(row) if row is not None else None

    async def get_by_client_order_id(self, client_order_id: ClientOrderId) -> Order | None:
        for order, _ in self.staged.values():
            if order.client_order_id == client_order_id:
                return copy_order(order)
        row = await self._store.orders_by_client_id.submit(client_order_id)
        return order_from_row(row) if row is not None else None

    async def update(self, order: Order) -> None:
        previous = self.staged.get(order.operation_id)
        if previous is not None and previous[1] is None:
            self.staged[order.operation_id] = (copy_order(order), None)  # still an insert
            return
        expected = previous[1] if previous is not None else order.version
        assert expected is not None
        self.staged[order.operation_id] = (copy_order(order), expected)
        order.version = expected + 1

    async def list(
        self,
        *,
        status: OrderStatus | None = None,
        strategy_id: str | None = None,
        parent_operation_id: OperationId | None = None,
        open_only: bool = False,
        limit: int | None = None,
    ) -> list[Order]:
        given = {"status": status, "strategy_id": strategy_id}
        given["parent_operation_id"] = parent_operation_id
        params: dict[str, object] = {k: v for k, v in given.items() if v is not None}
        sql = statements.list_orders(tuple(params), open_only, limit is not None)
        if limit is not None:
            params["limit"] = limit + len(self.staged)  # staged ones may replace stored ones
        rows = await self._store.fetch(sql, params)
        merged = {row["operation_id"]: order_from_row(row) for row in rows}
        for operation_id, (order, _) in self.staged.items():
            merged[operation_id] = copy_order(order)
        found = [
            order
            for order in merged.values()
            if (status is None or order.status is status)
            and (strategy_id is None or order.strategy_id == strategy_id)
            and (parent_operation_id is None or order.parent_operation_id == parent_operation_id)
            and (not open_only or order.is_open)
        ]
        found.sort(key=lambda o: (o.created_at, o.operation_id))
        return found[:limit] if limit is not None else found

    def records(self) -> tuple[tuple[Row, ...], tuple[Row, ...]]:
        """(new, updated) records; an update's `version` is the version it read."""
        new, updated = [], []
        for order, expected in self.staged.values():
            record = order_record(order)
            record["version"] = 0 if expected is None else expected
            (new if expected is None else updated).append(record)
        return tuple(new), tuple(updated)


class PostgresFillRepository:
    """Fills, unique per (venue, venue_trade_id)."""

    def __init__(self, store: PostgresStore) -> None:
        self._store = store
        self.staged: dict[tuple[str, str], Fill] = {}

    async def add(self, fill: Fill) -> bool:
        key = (fill.venue, str(fill.venue_trade_id))
        if key in self.staged or await self._store.fill_stored.submit(key):
            return False
        self.staged[key] = fill
        return True

    async def for_order(self, operation_id: OperationId) -> list[Fill]:
        rows = await self._store.fills_of.submit(operation_id)
        fills = [fill_from_row(row) for row in rows]
        return fills + [f for f in self.staged.values() if f.operation_id == operation_id]

    async def strategy_fills(
        self, instruments: Collection[str] | None = None
    ) -> list[StrategyFill]:
        if instruments is None:
            rows = await self._store.fetch(statements.strategy_fills(), {})
        else:
            sql = statements.strategy_fills(of_instruments=True)
            rows = await self._store.fetch(sql, {"keys": list(instruments)})
        return [
            StrategyFill(strategy_id=StrategyId(row["order_strategy_id"]), fill=fill_from_row(row))
            for row in rows
        ]

    async def strategy_totals(self) -> list[StrategyTotal]:
        rows = await self._store.fetch(statements.strategy_totals(), {})
        return [
            StrategyTotal(
                strategy_id=StrategyId(row["strategy_id"]),
                instrument_key=row["instrument_key"],
                quantity=plain(row["quantity"]),
            )
            for row in rows
        ]


class PostgresPositionRepository:
    """Unified positions by instrument key (last write wins); staged as records."""

    def __init__(self, store: PostgresStore) -> None:
        self._store = store
        self.staged: dict[str, Row] = {}

    async def get(self, instrument_key: str) -> UnifiedPosition | None:
        record = self.staged.get(instrument_key)
        if record is None:
            rows = await self._store.fetch(statements.positions(True), {"key": instrument_key})
            record = rows[0] if rows else None
        return position_from_row(record) if record is not None else None

    async def save(self, position: UnifiedPosition) -> None:
        self.staged[position.instrument_key] = position_record(position)

    async def list(self) -> list[UnifiedPosition]:
        rows = await self._store.fetch(statements.positions(False), {})
        merged = {row["canonical_id"]: row for row in rows} | self.staged
        return [position_from_row(record) for _, record in sorted(merged.items())]
