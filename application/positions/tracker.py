"""Unified position tracker: per-venue netting positions aggregated per instrument."""

from __future__ import annotations

from decimal import Decimal

from application.risk.exposure import ExposureBook
from domain.enums import VenueKind
from domain.fill import Fill, StrategyFill, StrategyTotal
from domain.instrument_facts import base_asset, is_inverse
from domain.quantity_units import notional
from domain.unified_position import UnifiedPosition
from ports.clock import Clock

ZERO = Decimal(0)


class UnifiedPositionTracker:
    """Applies fills to positions (and to the exposure book) and marks them to market."""

    def __init__(self, *, exposure: ExposureBook, clock: Clock) -> None:
        self._exposure = exposure
        self._clock = clock
        self._positions: dict[str, UnifiedPosition] = {}

    def load(self, positions: list[UnifiedPosition]) -> None:
        """Start from stored positions (e.g. after a restart); their last prices are the
        marks until the market or a fill gives newer ones (the risk engine values held
        instruments at their marks)."""
        for position in positions:
            self._positions[position.instrument_key] = position
            self._exposure.position[position.instrument_key] = position.aggregated_quantity
            if position.current_price and position.instrument_key not in self._exposure.mark:
                self._exposure.set_mark(position.instrument_key, position.current_price)

    def restore_strategies(
        self, totals: list[StrategyTotal], inverse_fills: list[StrategyFill]
    ) -> None:
        """Start each strategy's positions from its stored fills' totals, and its inverse
        streams from their fills, oldest first (after a restart; `load` restores the
        instruments' positions)."""
        self._exposure.restore_strategies(totals, inverse_fills)

    def position(self, instrument_key: str) -> UnifiedPosition:
        position = self._positions.get(instrument_key)
        if position is None:
            position = UnifiedPosition(
                instrument_key=instrument_key, base_asset=base_asset(instrument_key)
            )
            self._positions[instrument_key] = position
        return position

    def apply_fill(self, fill: Fill, *, strategy_id: str, venue_kind: VenueKind) -> UnifiedPosition:
        unified = self.position(fill.instrument_key)
        venue_position = unified.at(fill.venue, venue_kind, inverse=is_inverse(fill.instrument_key))
        venue_position.apply(fill.side, fill.quantity, fill.price, fill.fee)
        unified.current_price = fill.price
        unified.updated_at = self._clock.now()
        self._exposure.filled(strategy_id, fill.instrument_key, fill.signed_quantity, fill.price)
        self._exposure.set_mark(fill.instrument_key, fill.price)
        return unified

    def mark(self, instrument_key: str, price: Decimal) -> None:
        position = self._positions.get(instrument_key)
        if position is not None:
            position.current_price = price
        self._exposure.set_mark(instrument_key, price)

    def all(self) -> list[UnifiedPosition]:
        return sorted(self._positions.values(), key=lambda p: p.instrument_key)

    def strategy_positions(self, strategy_id: str) -> dict[str, Decimal]:
        """A strategy's filled positions by instrument (the exposure book's), flat ones left out."""
        held = self._exposure.strategy_position
        instruments = self._exposure.strategy_instruments.get(strategy_id, ())
        return {k: q for k in sorted(instruments) if (q := held.get((strategy_id, k), ZERO))}

    def strategy_exposure(self, strategy_id: str) -> Decimal:
        """Gross notional of a strategy's positions at the latest marks."""
        total = ZERO
        for key, qty in self.strategy_positions(strategy_id).items():
            price = self._exposure.mark.get(key) or ZERO
            total += notional(qty, price, inverse=is_inverse(key))
        return total
