"""Closed position round trips of a run: the "trades" behind win rate and profit factor."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from application.runs.pnl import ZERO, in_time_order, is_inverse
from domain.position import Position
from domain.run_records import FillRecord


@attrs.frozen(kw_only=True)
class RoundTrip:
    """One position of one instrument from flat (or a flip) back to flat (or the next flip).

    `pnl` is the realized price PnL of the trip minus the fees of its fills, in the quote
    currency (inverse PnL valued at the closing fill price). A fill that flips the position
    closes one trip and opens the next; its fee is split in proportion to the quantities.
    """

    instrument_key: str
    opened_ts: int
    closed_ts: int
    pnl: Decimal


@attrs.frozen(kw_only=True)
class TradeStats:
    """Over closed round trips only; a trip still open at the end is not a trade yet.

    - `total_trades`: number of closed round trips.
    - `win_rate`: winning trips (pnl > 0) / total_trades, a fraction in [0, 1]; 0 with no trade.
    - `profit_factor`: sum of winning pnl / |sum of losing pnl|; 0 when undefined (no losing
      trip), because JSON has no infinity.
    """

    total_trades: int
    win_rate: Decimal
    profit_factor: Decimal


@attrs.define
class _OpenTrip:
    opened_ts: int
    pnl: Decimal = ZERO


def closed_round_trips(fills: Iterable[FillRecord]) -> list[RoundTrip]:
    """The round trips closed by `fills` (replayed in time order), in order of closing."""
    positions: dict[str, Position] = {}
    open_trips: dict[str, _OpenTrip] = {}
    closed: list[RoundTrip] = []
    for fill in in_time_order(fills):
        key = fill.instrument_key
        position = positions.setdefault(
            key, Position(instrument_key=key, venue=fill.venue, inverse=is_inverse(key))
        )
        before = position.quantity
        realized = position.apply(fill.side, fill.quantity, fill.price)
        if position.inverse:
            realized *= fill.price
        trip = open_trips.get(key) or _OpenTrip(opened_ts=fill.ts_event)
        open_trips[key] = trip
        closing = _closing_quantity(before, fill)
        closing_fee = fill.fee * closing / fill.quantity if fill.quantity else fill.fee
        if closing == ZERO:
            trip.pnl -= fill.fee
            continue
        trip.pnl += realized - closing_fee
        if position.quantity == ZERO or (position.quantity > 0) != (before > 0):
            closed.append(
                RoundTrip(
                    instrument_key=key,
                    opened_ts=trip.opened_ts,
                    closed_ts=fill.ts_event,
                    pnl=trip.pnl,
                )
            )
            del open_trips[key]
            if position.quantity != ZERO:
                open_trips[key] = _OpenTrip(opened_ts=fill.ts_event, pnl=closing_fee - fill.fee)
    return closed


def _closing_quantity(before: Decimal, fill: FillRecord) -> Decimal:
    """How much of `fill` reduces the position held `before` it (0 when it adds)."""
    if before == ZERO or (before > 0) == (fill.side.sign > 0):
        return ZERO
    return min(abs(before), fill.quantity)


def trade_stats(trips: Sequence[RoundTrip]) -> TradeStats:
    if not trips:
        return TradeStats(total_trades=0, win_rate=ZERO, profit_factor=ZERO)
    gains = sum((t.pnl for t in trips if t.pnl > 0), ZERO)
    losses = -sum((t.pnl for t in trips if t.pnl < 0), ZERO)
    winners = sum(1 for t in trips if t.pnl > 0)
    return TradeStats(
        total_trades=len(trips),
        win_rate=Decimal(winners) / len(trips),
        profit_factor=gains / losses if losses else ZERO,
    )
