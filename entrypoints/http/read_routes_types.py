"""Declared response bodies of the read endpoints (msgspec Structs, so /schema shows them)."""

from __future__ import annotations

from datetime import datetime

import msgspec


class EquityPoint(msgspec.Struct):
    """One row of equity_curve.parquet."""

    ts_event: int
    portfolio_value: float
    cash_balance: float
    margin_used: float
    unrealized_pnl: float
    drawdown_pct: float


class RunOrder(msgspec.Struct):
    """One row of orders.parquet."""

    order_id: str
    operation_id: str
    instrument_key: str
    side: str
    order_type: str
    quantity: float
    price: float | None
    status: str
    created_at: datetime
    updated_at: datetime
    rejection_reason: str | None = None


class RunFill(msgspec.Struct):
    """One row of fills.parquet."""

    fill_id: str
    order_id: str
    instrument_key: str
    side: str
    quantity: float
    price: float
    fee: float
    fee_currency: str
    ts_event: int
    venue: str


class RunPosition(msgspec.Struct):
    """One row of positions.parquet."""

    ts_event: int
    instrument_key: str
    quantity: float
    avg_entry_price: float
    current_price: float
    unrealized_pnl: float
    realized_pnl: float


class EquityPage(msgspec.Struct):
    """A page of a run's equity curve; `total` rows match the filter."""

    run_id: str
    total: int
    offset: int
    limit: int
    items: list[EquityPoint]


class RunOrderPage(msgspec.Struct):
    """A page of a run's orders."""

    run_id: str
    total: int
    offset: int
    limit: int
    items: list[RunOrder]


class RunFillPage(msgspec.Struct):
    """A page of a run's fills."""

    run_id: str
    total: int
    offset: int
    limit: int
    items: list[RunFill]


class RunPositionPage(msgspec.Struct):
    """A page of a run's position snapshots."""

    run_id: str
    total: int
    offset: int
    limit: int
    items: list[RunPosition]


class RunProgress(msgspec.Struct):
    """What a run has done so far: windows read of planned and the bytes they cost."""

    run_id: str
    status: str
    windows_done: int
    windows_total: int
    bytes_read: int | None = None
    error: str | None = None


class LiveFill(msgspec.Struct):
    """A fill of the live service; decimals as strings."""

    fill_id: str
    operation_id: str
    venue: str
    venue_trade_id: str | None
    instrument_key: str
    side: str
    quantity: str
    price: str
    fee: str
    fee_currency: str
    ts_event: int
    liquidity: str


class InstrumentPnl(msgspec.Struct):
    """PnL of one instrument across venues; decimals as strings."""

    instrument_key: str
    quantity: str
    average_entry_price: str
    current_price: str | None
    realized_pnl: str
    unrealized_pnl: str
    fees: str
    net_pnl: str


class PnlReport(msgspec.Struct):
    """Totals over every instrument (in each instrument's quote or settlement currency)."""

    realized_pnl: str
    unrealized_pnl: str
    fees: str
    net_pnl: str
    instruments: list[InstrumentPnl]


class LogTail(msgspec.Struct):
    """The newest lines of the service's execution log, oldest first."""

    lines: list[str]
    dropped: int
