"""A run's records with inverse-instrument quantities in base units, as the tables hold them.

The engine and the OMS keep inverse quantities as the venue trades them (USD amounts);
CONTRACTS §2 wants base units in orders, fills and positions. The rules are those of
`domain.quantity_units`: a fill at its own price, a position at its average entry, an
order at its limit price, else the mean price its fills got, else its arrival price,
else the instrument's last known price before it (NaN when no price was ever seen).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from decimal import Decimal

import attrs

from domain.instrument_facts import is_inverse
from domain.quantity_units import to_base_units
from domain.run_records import FillRecord, OrderRecord, PositionSnapshot, RunRecords

ZERO = Decimal(0)
UNKNOWN = Decimal("NaN")


def in_base_units(records: RunRecords) -> RunRecords:
    """`records` unchanged when nothing is inverse; otherwise its three tables converted."""
    inverse = {
        key
        for key in {o.instrument_key for o in records.orders}
        | {f.instrument_key for f in records.fills}
        | {p.instrument_key for p in records.positions}
        if is_inverse(key)
    }
    if not inverse:
        return records
    prices = _OrderPrices(records)
    return attrs.evolve(
        records,
        orders=tuple(
            _order(o, prices) if o.instrument_key in inverse else o for o in records.orders
        ),
        fills=tuple(base_fill(f) if f.instrument_key in inverse else f for f in records.fills),
        positions=tuple(
            _position(p) if p.instrument_key in inverse else p for p in records.positions
        ),
    )


def base_fill(fill: FillRecord) -> FillRecord:
    """A fill's quantity in base units at its own price (linear fills unchanged)."""
    if not is_inverse(fill.instrument_key):
        return fill
    return attrs.evolve(fill, quantity=to_base_units(fill.quantity, fill.price, inverse=True))


def _position(snapshot: PositionSnapshot) -> PositionSnapshot:
    if snapshot.quantity == 0 or snapshot.avg_entry_price <= 0:
        quantity = ZERO if snapshot.quantity == 0 else UNKNOWN
    else:
        quantity = snapshot.quantity / snapshot.avg_entry_price
    return attrs.evolve(snapshot, quantity=quantity)


def _order(order: OrderRecord, prices: _OrderPrices) -> OrderRecord:
    price = prices.of(order)
    quantity = order.quantity / price if price and price > 0 else UNKNOWN
    return attrs.evolve(order, quantity=quantity)


class _OrderPrices:
    """The price an inverse order's amount is converted at (see the module docstring)."""

    def __init__(self, records: RunRecords) -> None:
        self._expected = records.expected_prices
        amount: dict[str, Decimal] = defaultdict(lambda: ZERO)
        base: dict[str, Decimal] = defaultdict(lambda: ZERO)
        seen: dict[str, list[tuple[int, Decimal]]] = defaultdict(list)
        for fill in records.fills:
            amount[fill.order_id] += fill.quantity
            base[fill.order_id] += fill.quantity / fill.price
            seen[fill.instrument_key].append((fill.ts_event, fill.price))
        for snapshot in records.positions:
            if snapshot.current_price > 0:
                seen[snapshot.instrument_key].append((snapshot.ts_event, snapshot.current_price))
        self._filled_mean = {order: amount[order] / base[order] for order in amount}
        self._seen = {key: sorted(points) for key, points in seen.items()}

    def of(self, order: OrderRecord) -> Decimal | None:
        if order.price is not None:
            return order.price
        for price in (
            self._filled_mean.get(order.order_id),
            self._expected.get(order.order_id),
            self._expected.get(order.operation_id),
        ):
            if price:
                return price
        return self._last_seen(order)

    def _last_seen(self, order: OrderRecord) -> Decimal | None:
        points = self._seen.get(order.instrument_key)
        if not points:
            return None
        ts_ns = int(order.created_at.timestamp() * 1_000_000_000)
        at = bisect.bisect_right(points, (ts_ns, Decimal("Infinity")))
        return points[at - 1][1] if at else points[0][1]
