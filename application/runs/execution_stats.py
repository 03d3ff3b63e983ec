"""Execution statistics of a run: orders, fills, fill rate, slippage, volume and its I/O."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import attrs

from application.runs.base_units import base_fill
from domain.enums import OrderStatus
from domain.run_records import FillRecord, OrderRecord, RunRecords

ZERO = Decimal(0)
BPS = Decimal(10_000)


@attrs.frozen(kw_only=True)
class ExecutionStats:
    """The `execution_stats` block of summary.json.

    - `fill_rate`: filled quantity / ordered quantity over leaf orders (orders no other
      order names as its `operation_id`, i.e. what was actually sent to a venue, rejected and
      canceled ones included), a fraction in [0, 1]; 0 with nothing ordered.
    - `avg_slippage_bps`: quantity-weighted mean over fills with an expected price of
      `side * (fill price - expected) / expected * 10_000`: positive = worse than expected.
      The expected price is `expected_prices[order_id]`, else that of the order's
      `operation_id` (the parent's arrival price for algorithm children).
    - `volume`: sum of fill quantities in base units (as fills.parquet has them);
      `notional`: sum of base quantity * price, in the quote currency.
    - I/O figures come from the data plane; `io_reduction_pct = (1 - read / full day) * 100`.
    """

    orders: int
    fills: int
    rejected: int
    canceled: int
    fill_rate: Decimal
    avg_slippage_bps: Decimal
    volume: Decimal
    notional: Decimal
    signals: int
    windows_loaded: int
    bytes_read: int
    bytes_full_day: int
    io_reduction_pct: Decimal
    wall_time_s: float


def leaf_orders(orders: tuple[OrderRecord, ...]) -> list[OrderRecord]:
    parents = {o.operation_id for o in orders if o.operation_id != o.order_id}
    return [o for o in orders if o.order_id not in parents]


def fill_rate(orders: tuple[OrderRecord, ...], fills: tuple[FillRecord, ...]) -> Decimal:
    leaves = leaf_orders(orders)
    ordered = sum((o.quantity for o in leaves), ZERO)
    if not ordered:
        return ZERO
    filled_by_order: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for fill in fills:
        filled_by_order[fill.order_id] += fill.quantity
    filled = sum((min(filled_by_order[o.order_id], o.quantity) for o in leaves), ZERO)
    return filled / ordered


def avg_slippage_bps(records: RunRecords) -> Decimal:
    operation_of = {o.order_id: o.operation_id for o in records.orders}
    expected = records.expected_prices
    weighted = quantity = ZERO
    for fill in records.fills:
        price = expected.get(fill.order_id)
        if price is None:
            price = expected.get(operation_of.get(fill.order_id, ""))
        if not price:
            continue
        bps = fill.side.sign * (fill.price - price) / price * BPS
        weighted += bps * fill.quantity
        quantity += fill.quantity
    return weighted / quantity if quantity else ZERO


def execution_stats(records: RunRecords) -> ExecutionStats:
    orders, fills, io = records.orders, records.fills, records.io
    base_fills = [base_fill(f) for f in fills]
    return ExecutionStats(
        orders=len(orders),
        fills=len(fills),
        rejected=sum(1 for o in orders if o.status == OrderStatus.REJECTED),
        canceled=sum(1 for o in orders if o.status == OrderStatus.CANCELED),
        fill_rate=fill_rate(orders, fills),
        avg_slippage_bps=avg_slippage_bps(records),
        volume=sum((f.quantity for f in base_fills), ZERO),
        notional=sum((f.quantity * f.price for f in base_fills), ZERO),
        signals=io.signals,
        windows_loaded=io.windows_loaded,
        bytes_read=io.bytes_read,
        bytes_full_day=io.bytes_full_day,
        io_reduction_pct=io.io_reduction_pct,
        wall_time_s=records.wall_time_s,
    )
