"""Running exposure aggregates the risk engine reads in O(1) per order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from domain.fill import StrategyFill, StrategyTotal
from domain.instrument_facts import is_inverse
from domain.quantity_units import FilledPosition, base_after_fill, notional

ZERO = Decimal(0)
BUY, SELL = 1, -1


def _side(signed_quantity: Decimal) -> int:
    return SELL if signed_quantity < 0 else BUY


class ExposureBook:
    """Net positions and open-order quantities per instrument and per strategy.

    Updated incrementally by the OMS (orders opening and closing) and the position
    tracker (fills), so a pre-trade check never iterates over open orders. Quantities are
    the venue's (USD for inverse instruments); `strategy_base_position` is what signals
    size against (`domain.quantity_units`). Open quantities are kept net and per side: a
    projection counts the open orders on the new order's side only, as if they all fill and
    the other side's never do (an open sell does not make room for more buys).
    """

    def __init__(self) -> None:
        self.position: dict[str, Decimal] = defaultdict(Decimal)
        self.strategy_position: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        self.strategy_base_position: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        self.open_quantity: dict[str, Decimal] = defaultdict(Decimal)
        # Signed open quantity per (instrument, side) and per (strategy, instrument, side).
        self.open_side: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
        self.strategy_open_side: dict[tuple[str, str, int], Decimal] = defaultdict(Decimal)
        self.strategy_instruments: dict[str, set[str]] = defaultdict(set)
        self.mark: dict[str, Decimal] = {}

    @property
    def strategy_open(self) -> dict[tuple[str, str], Decimal]:
        """Net open quantity per (strategy, instrument): its two sides summed."""
        net: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        for (strategy_id, instrument_key, _), quantity in self.strategy_open_side.items():
            net[(strategy_id, instrument_key)] += quantity
        return net

    def set_mark(self, instrument_key: str, price: Decimal) -> None:
        self.mark[instrument_key] = price

    def order_opened(self, strategy_id: str, instrument_key: str, signed_leaves: Decimal) -> None:
        self.open_quantity[instrument_key] += signed_leaves
        side = _side(signed_leaves)
        self.open_side[(instrument_key, side)] += signed_leaves
        self.strategy_open_side[(strategy_id, instrument_key, side)] += signed_leaves
        self.strategy_instruments[strategy_id].add(instrument_key)

    def order_reduced(self, strategy_id: str, instrument_key: str, signed_leaves: Decimal) -> None:
        """Remove open quantity (a fill moved it to position, or the order closed)."""
        self.open_quantity[instrument_key] -= signed_leaves
        side = _side(signed_leaves)
        self.open_side[(instrument_key, side)] -= signed_leaves
        self.strategy_open_side[(strategy_id, instrument_key, side)] -= signed_leaves

    def filled(
        self, strategy_id: str, instrument_key: str, signed_quantity: Decimal, price: Decimal
    ) -> None:
        self.position[instrument_key] += signed_quantity
        self._stream_filled(strategy_id, instrument_key, signed_quantity, price)

    def restore_strategies(
        self, totals: Iterable[StrategyTotal], inverse_fills: Iterable[StrategyFill]
    ) -> None:
        """Rebuild the per-strategy positions after a restart, set afresh as the live fills
        left them: a linear stream from its total; an inverse one, whose base amount depends
        on each fill's price, by replaying its fills oldest first (fills of linear
        instruments are in their totals and skipped). Instrument positions are left alone."""
        self.strategy_position.clear()
        self.strategy_base_position.clear()
        for total in totals:
            key = total.instrument_key
            self.strategy_instruments[total.strategy_id].add(key)
            if not is_inverse(key):
                stream = (total.strategy_id, key)
                self.strategy_position[stream] = total.quantity
                self.strategy_base_position[stream] = total.quantity
        for stored in inverse_fills:
            fill = stored.fill
            if is_inverse(fill.instrument_key):
                self._stream_filled(
                    stored.strategy_id, fill.instrument_key, fill.signed_quantity, fill.price
                )

    def _stream_filled(
        self, strategy_id: str, instrument_key: str, signed_quantity: Decimal, price: Decimal
    ) -> None:
        stream = (strategy_id, instrument_key)
        self.strategy_instruments[strategy_id].add(instrument_key)
        self.strategy_position[stream] += signed_quantity
        if is_inverse(instrument_key):
            base = self.strategy_base_position[stream]
            before = self.strategy_position[stream] - signed_quantity
            self.strategy_base_position[stream] = base_after_fill(
                before, base, signed_quantity, price
            )
        else:
            self.strategy_base_position[stream] += signed_quantity

    def filled_position(self, strategy_id: str, instrument_key: str) -> FilledPosition:
        """What a stream has filled, at the venue and in base units."""
        stream = (strategy_id, instrument_key)
        return FilledPosition(
            venue=self.strategy_position[stream], base=self.strategy_base_position[stream]
        )

    def projected_position(self, instrument_key: str, signed_quantity: Decimal) -> Decimal:
        """The position if the new order and every open order on its side fill (a zero
        quantity projects the buy side)."""
        same_side = self.open_side[(instrument_key, _side(signed_quantity))]
        return self.position[instrument_key] + same_side + signed_quantity

    def _price(self, instrument_key: str, fallback: Decimal | None) -> Decimal:
        return self.mark.get(instrument_key) or fallback or ZERO

    def _notional(self, key: str, quantity: Decimal, fallback: Decimal | None) -> Decimal:
        return notional(quantity, self._price(key, fallback), inverse=is_inverse(key))

    def strategy_notional(
        self, strategy_id: str, instrument_key: str, signed_quantity: Decimal, price: Decimal
    ) -> Decimal:
        """Gross notional of a strategy's projected positions (its instruments only)."""
        total = ZERO
        instruments = self.strategy_instruments.get(strategy_id, set()) | {instrument_key}
        for key in instruments:
            held = self.strategy_position[(strategy_id, key)]
            if key == instrument_key:
                same_side = self.strategy_open_side[(strategy_id, key, _side(signed_quantity))]
                total += self._notional(key, held + same_side + signed_quantity, price)
            else:  # the larger of its two sides filling
                total += max(
                    self._notional(key, held + self.strategy_open_side[(strategy_id, key, s)], None)
                    for s in (BUY, SELL)
                )
        return total

    def global_position_notional(
        self, instrument_key: str, signed_quantity: Decimal, price: Decimal
    ) -> Decimal:
        total = ZERO
        for key in self.position.keys() | {instrument_key}:
            qty = self.position[key] + (signed_quantity if key == instrument_key else ZERO)
            total += self._notional(key, qty, price if key == instrument_key else None)
        return total

    def total_exposure(
        self, instrument_key: str, signed_quantity: Decimal, price: Decimal
    ) -> Decimal:
        """Positions plus open orders, gross notional, including the new order: an open
        buy and an open sell of one instrument both count (neither cancels the other)."""
        total = ZERO
        for key in self.position.keys() | self.open_quantity.keys() | {instrument_key}:
            qty = abs(self.position[key]) + self.open_side[(key, BUY)] - self.open_side[(key, SELL)]
            if key == instrument_key:
                qty += abs(signed_quantity)
            total += self._notional(key, qty, price if key == instrument_key else None)
        return total
