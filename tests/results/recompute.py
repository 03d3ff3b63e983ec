"""PnL and positions recomputed from fills.parquet rows alone (floats, as a reader would)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import attrs


@attrs.frozen(kw_only=True)
class FromFiles:
    """Net quantity per instrument, the last positions row of each, gross PnL and fees."""

    held: dict[str, float]
    last_positions: dict[str, dict[str, Any]]
    gross_pnl: float
    total_fees: float

    @property
    def engine_gross_pnl(self) -> float:
        """What the positions rows themselves say: realized + unrealized at the final mark."""
        return sum(p["realized_pnl"] + p["unrealized_pnl"] for p in self.last_positions.values())


def recompute(fills: list[dict[str, Any]], positions: list[dict[str, Any]]) -> FromFiles:
    """Gross PnL = cash flow of the fills + what is held at the last `current_price` (linear)."""
    held: dict[str, float] = defaultdict(float)
    cash: dict[str, float] = defaultdict(float)
    for fill in fills:
        sign = 1 if fill["side"] == "BUY" else -1
        held[fill["instrument_key"]] += sign * fill["quantity"]
        cash[fill["instrument_key"]] -= sign * fill["quantity"] * fill["price"]
    last = {p["instrument_key"]: p for p in sorted(positions, key=lambda p: p["ts_event"])}
    return FromFiles(
        held=dict(held),
        last_positions=last,
        gross_pnl=sum(cash[k] + held[k] * last[k]["current_price"] for k in held),
        total_fees=sum(fill["fee"] for fill in fills),
    )
