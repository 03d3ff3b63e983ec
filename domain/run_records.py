"""Records of one execution run (backtest or live), as the five output files hold them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from domain.enums import OrderSide, OrderStatus, OrderType


@attrs.frozen(kw_only=True)
class OrderRecord:
    """A row of orders.parquet: every order, children of algorithms included."""

    order_id: str
    operation_id: str
    instrument_key: str
    side: OrderSide
    order_type: OrderType
    quantity: Decimal
    price: Decimal | None
    status: OrderStatus
    created_at: datetime
    updated_at: datetime
    rejection_reason: str | None = None


@attrs.frozen(kw_only=True)
class FillRecord:
    """A row of fills.parquet."""

    fill_id: str
    order_id: str
    instrument_key: str
    side: OrderSide
    quantity: Decimal
    price: Decimal
    fee: Decimal
    fee_currency: str
    ts_event: int
    venue: str


@attrs.frozen(kw_only=True)
class PositionSnapshot:
    """A row of positions.parquet (signed quantity: long > 0)."""

    ts_event: int
    instrument_key: str
    quantity: Decimal
    avg_entry_price: Decimal
    current_price: Decimal
    unrealized_pnl: Decimal
    realized_pnl: Decimal


@attrs.frozen(kw_only=True)
class EquitySample:
    """A row of equity_curve.parquet; drawdown_pct <= 0, percent from the running peak."""

    ts_event: int
    portfolio_value: Decimal
    cash_balance: Decimal
    margin_used: Decimal
    unrealized_pnl: Decimal
    drawdown_pct: Decimal


@attrs.frozen(kw_only=True)
class IoStats:
    """What the data plane read for the run."""

    signals: int = 0
    windows_loaded: int = 0
    bytes_read: int = 0
    bytes_full_day: int = 0
    requests: int = 0

    @property
    def io_reduction_pct(self) -> Decimal:
        if not self.bytes_full_day:
            return Decimal(0)
        return (1 - Decimal(self.bytes_read) / Decimal(self.bytes_full_day)) * 100


@attrs.frozen(kw_only=True)
class RunRecords:
    """Everything a run produced, ready to be summarised and written."""

    run_id: str
    mode: str  # backtest | live | paper
    created_at: datetime
    currency: str
    starting_balance: Decimal
    config: dict[str, Any]
    orders: tuple[OrderRecord, ...] = ()
    fills: tuple[FillRecord, ...] = ()
    positions: tuple[PositionSnapshot, ...] = ()
    equity: tuple[EquitySample, ...] = ()
    io: IoStats = IoStats()
    funding_paid: Decimal = Decimal(0)
    wall_time_s: float = 0.0
    expected_prices: dict[str, Decimal] = attrs.field(factory=dict)  # order_id -> arrival mid
