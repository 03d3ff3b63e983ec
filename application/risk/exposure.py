"""Running exposure aggregates the risk engine reads in O(1) per order."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

ZERO = Decimal(0)


class ExposureBook:
    """Net positions and open-order quantities per instrument and per strategy.

    Updated incrementally by the OMS (orders opening and closing) and the position
    tracker (fills), so a pre-trade check never iterates over open orders.
    """

    def __init__(self) -> None:
        self.position: dict[str, Decimal] = defaultdict(Decimal)
        self.strategy_position: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        self.open_quantity: dict[str, Decimal] = defaultdict(Decimal)
        self.strategy_open: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        self.strategy_instruments: dict[str, set[str]] = defaultdict(set)
        self.mark: dict[str, Decimal] = {}

    def set_mark(self, instrument_key: str, price: Decimal) -> None:
        self.mark[instrument_key] = price

    def order_opened(self, strategy_id: str, instrument_key: str, signed_leaves: Decimal) -> None:
        self.open_quantity[instrument_key] += signed_leaves
        self.strategy_open[(strategy_id, instrument_key)] += signed_leaves
        self.strategy_instruments[strategy_id].add(instrument_key)

    def order_reduced(self, strategy_id: str, instrument_key: str, signed_leaves: Decimal) -> None:
        """Remove open quantity (a fill moved it to position, or the order closed)."""
        self.open_quantity[instrument_key] -= signed_leaves
        self.strategy_open[(strategy_id, instrument_key)] -= signed_leaves

    def filled(self, strategy_id: str, instrument_key: str, signed_quantity: Decimal) -> None:
        self.position[instrument_key] += signed_quantity
        self.strategy_position[(strategy_id, instrument_key)] += signed_quantity
        self.strategy_instruments[strategy_id].add(instrument_key)

    def projected_position(self, instrument_key: str, signed_quantity: Decimal) -> Decimal:
        return self.position[instrument_key] + self.open_quantity[instrument_key] + signed_quantity

    def _price(self, instrument_key: str, fallback: Decimal | None) -> Decimal:
        return self.mark.get(instrument_key) or fallback or ZERO

    def strategy_notional(
        self, strategy_id: str, instrument_key: str, signed_quantity: Decimal, price: Decimal
    ) -> Decimal:
        """Gross notional of a strategy's projected positions (its instruments only)."""
        total = ZERO
        instruments = self.strategy_instruments.get(strategy_id, set()) | {instrument_key}
        for key in instruments:
            qty = (
                self.strategy_position[(strategy_id, key)] + self.strategy_open[(strategy_id, key)]
            )
            if key == instrument_key:
                qty += signed_quantity
            total += abs(qty) * self._price(key, price if key == instrument_key else None)
        return total

    def global_position_notional(
        self, instrument_key: str, signed_quantity: Decimal, price: Decimal
    ) -> Decimal:
        total = ZERO
        for key in self.position.keys() | {instrument_key}:
            qty = self.position[key] + (signed_quantity if key == instrument_key else ZERO)
            total += abs(qty) * self._price(key, price if key == instrument_key else None)
        return total

    def total_exposure(
        self, instrument_key: str, signed_quantity: Decimal, price: Decimal
    ) -> Decimal:
        """Positions plus open orders, gross notional, including the new order."""
        total = ZERO
        for key in self.position.keys() | self.open_quantity.keys() | {instrument_key}:
            qty = abs(self.position[key]) + abs(self.open_quantity[key])
            if key == instrument_key:
                qty += abs(signed_quantity)
            total += qty * self._price(key, price if key == instrument_key else None)
        return total
