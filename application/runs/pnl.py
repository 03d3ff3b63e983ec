"""PnL of a run recomputed from its fills and the final marks (CONTRACTS §2 `pnl`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from domain.instrument_key import InstrumentKey
from domain.position import Position
from domain.run_records import FillRecord, PositionSnapshot

ZERO = Decimal(0)


@attrs.frozen(kw_only=True)
class RunPnl:
    """Gross = realized + unrealized at the final mark; net = gross - fees - funding."""

    realized_pnl: Decimal
    unrealized_pnl: Decimal
    total_fees: Decimal
    funding_paid: Decimal

    @property
    def gross_pnl(self) -> Decimal:
        return self.realized_pnl + self.unrealized_pnl

    @property
    def net_pnl(self) -> Decimal:
        return self.gross_pnl - self.total_fees - self.funding_paid


def in_time_order(fills: Iterable[FillRecord]) -> list[FillRecord]:
    """Fills sorted by `ts_event`; fills of the same nanosecond keep their recorded order."""
    return sorted(fills, key=lambda fill: fill.ts_event)


def is_inverse(instrument_key: str) -> bool:
    return InstrumentKey.parse(instrument_key).is_inverse


def replay_fills(fills: Iterable[FillRecord]) -> dict[str, Position]:
    """Netting positions per instrument key after every fill, realized PnL before fees."""
    positions: dict[str, Position] = {}
    for fill in in_time_order(fills):
        position = positions.get(fill.instrument_key)
        if position is None:
            position = Position(
                instrument_key=fill.instrument_key,
                venue=fill.venue,
                inverse=is_inverse(fill.instrument_key),
            )
            positions[fill.instrument_key] = position
        position.apply(fill.side, fill.quantity, fill.price, fill.fee)
    return positions


def final_marks(snapshots: Sequence[PositionSnapshot]) -> dict[str, Decimal]:
    """The last `current_price` of each instrument in positions.parquet (latest `ts_event`)."""
    marks: dict[str, Decimal] = {}
    for snapshot in sorted(snapshots, key=lambda row: row.ts_event):
        marks[snapshot.instrument_key] = snapshot.current_price
    return marks


def to_quote(pnl: Decimal, position: Position, mark: Decimal | None) -> Decimal:
    """Inverse PnL is in the base asset; it is valued in the quote currency at `mark`."""
    if not position.inverse:
        return pnl
    return pnl * (mark if mark else position.last_price or ZERO)


def run_pnl(
    fills: Sequence[FillRecord],
    snapshots: Sequence[PositionSnapshot],
    funding_paid: Decimal = ZERO,
) -> RunPnl:
    """Replays `fills` (average cost, netting) and marks what is open at the final marks.

    An instrument without a snapshot is marked at its last fill price.
    """
    marks = final_marks(snapshots)
    realized = unrealized = ZERO
    for key, position in replay_fills(fills).items():
        mark = marks.get(key, position.last_price)
        realized += to_quote(position.realized_pnl, position, mark)
        unrealized += to_quote(position.unrealized_pnl(mark), position, mark)
    return RunPnl(
        realized_pnl=realized,
        unrealized_pnl=unrealized,
        total_fees=sum((fill.fee for fill in fills), ZERO),
        funding_paid=funding_paid,
    )


def final_quantities(fills: Iterable[FillRecord]) -> dict[str, Decimal]:
    """Signed net quantity per instrument after all fills."""
    return {key: position.quantity for key, position in replay_fills(fills).items()}
