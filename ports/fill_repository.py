"""Fill repository port."""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from domain.fill import Fill, StrategyFill, StrategyTotal
from domain.ids import OperationId


class FillRepository(Protocol):
    """Fills stored once per (venue, venue_trade_id)."""

    async def add(self, fill: Fill) -> bool:
        """Store a fill; False (and nothing stored) when it was already there."""
        ...

    async def for_order(self, operation_id: OperationId) -> list[Fill]: ...

    async def strategy_fills(
        self, instruments: Collection[str] | None = None
    ) -> list[StrategyFill]:
        """Every committed fill (of `instruments` only, when given) with its order's
        strategy, oldest first (ts_event, fill_id)."""
        ...

    async def strategy_totals(self) -> list[StrategyTotal]:
        """Per (strategy, instrument) with committed fills: their net signed quantity."""
        ...
