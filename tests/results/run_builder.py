"""Builders of run records for the results tests: `a_run().fill("BUY", "1", "100")...build()`."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs

from domain.enums import OrderSide, OrderStatus, OrderType
from domain.run_records import (
    EquitySample,
    FillRecord,
    IoStats,
    OrderRecord,
    PositionSnapshot,
    RunRecords,
)

BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
ETH = "BYBIT:PERPETUAL:ETH-USDT@LIN"
BTC_INV = "DERIBIT:PERPETUAL:BTC-USD@INV"
RUN_ID = "BT-20240101-000000-abc123"
T0 = datetime(2024, 1, 1, tzinfo=UTC)
T0_NS = 1_704_067_200_000_000_000
SECOND = 1_000_000_000


def at(seconds: float) -> int:
    return T0_NS + int(seconds * SECOND)


def an_order(
    order_id: str,
    *,
    operation_id: str | None = None,
    side: str = "BUY",
    quantity: str = "1",
    price: str | None = None,
    status: str = "FILLED",
    key: str = BTC,
    reason: str | None = None,
) -> OrderRecord:
    return OrderRecord(
        order_id=order_id,
        operation_id=operation_id or order_id,
        instrument_key=key,
        side=OrderSide(side),
        order_type=OrderType.LIMIT if price else OrderType.MARKET,
        quantity=Decimal(quantity),
        price=Decimal(price) if price else None,
        status=OrderStatus(status),
        created_at=T0,
        updated_at=T0 + timedelta(seconds=1),
        rejection_reason=reason,
    )


@attrs.define
class RunBuilder:
    """Accumulates rows; `build()` makes the frozen RunRecords."""

    orders: list[OrderRecord] = attrs.field(factory=list)
    fills: list[FillRecord] = attrs.field(factory=list)
    positions: list[PositionSnapshot] = attrs.field(factory=list)
    equity: list[EquitySample] = attrs.field(factory=list)
    extra: dict[str, Any] = attrs.field(factory=dict)
    _ids: Any = attrs.field(factory=lambda: itertools.count(1))

    def order(self, order_id: str, **fields: Any) -> RunBuilder:
        self.orders.append(an_order(order_id, **fields))
        return self

    def fill(
        self,
        side: str,
        quantity: str,
        price: str,
        *,
        fee: str = "0",
        seconds: float = 0,
        key: str = BTC,
        order_id: str | None = None,
    ) -> RunBuilder:
        n = next(self._ids)
        self.fills.append(
            FillRecord(
                fill_id=f"F-{n}",
                order_id=order_id or f"O-{n}",
                instrument_key=key,
                side=OrderSide(side),
                quantity=Decimal(quantity),
                price=Decimal(price),
                fee=Decimal(fee),
                fee_currency="USDT",
                ts_event=at(seconds),
                venue=key.split(":")[0],
            )
        )
        return self

    def position(
        self,
        quantity: str,
        mark: str,
        *,
        seconds: float = 0,
        key: str = BTC,
        entry: str | None = None,
        unrealized: str = "0",
        realized: str = "0",
    ) -> RunBuilder:
        self.positions.append(
            PositionSnapshot(
                ts_event=at(seconds),
                instrument_key=key,
                quantity=Decimal(quantity),
                avg_entry_price=Decimal(entry or mark),
                current_price=Decimal(mark),
                unrealized_pnl=Decimal(unrealized),
                realized_pnl=Decimal(realized),
            )
        )
        return self

    def value(self, portfolio_value: str, *, seconds: float = 0) -> RunBuilder:
        self.equity.append(
            EquitySample(
                ts_event=at(seconds),
                portfolio_value=Decimal(portfolio_value),
                cash_balance=Decimal(portfolio_value),
                margin_used=Decimal(0),
                unrealized_pnl=Decimal(0),
                drawdown_pct=Decimal(0),
            )
        )
        return self

    def with_(self, **fields: Any) -> RunBuilder:
        self.extra.update(fields)
        return self

    def build(self) -> RunRecords:
        fields: dict[str, Any] = {
            "run_id": RUN_ID,
            "mode": "backtest",
            "created_at": T0,
            "currency": "USDT",
            "starting_balance": Decimal(100_000),
            "config": {"backtest": {"dates": ["2024-01-01"]}},
            "io": IoStats(),
        }
        fields.update(self.extra)
        return RunRecords(
            orders=tuple(self.orders),
            fills=tuple(self.fills),
            positions=tuple(self.positions),
            equity=tuple(self.equity),
            **fields,
        )


def a_run() -> RunBuilder:
    return RunBuilder()
