"""The replay's paper venue: the simulated venue matching by the backtest's venue rules.

The parity replay compares order pipelines, so both worlds must match orders the same
way. NautilusTrader's simulated exchange, as the backtest configures it, differs from
`SimulatedVenue` in two rules, which this venue adopts:
- a MARKET order larger than the visible book keeps its remainder working, filled from
  each later book of its listing (`MarketRemainders`), instead of cancelling it;
- a resting LIMIT order fills when a new book snapshot crosses it, at the crossing
  levels' prices, not only when a trade prints through it.
Everything else (walking and consuming the levels, trades filling resting limits at
their price, cancels, events) is `SimulatedVenue`'s own.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from adapters.memory.simulated_venue import SimulatedVenue
from domain.book import OrderBook
from domain.enums import LiquiditySide, OrderSide, OrderStatus, OrderType
from domain.order import Order
from domain.venue_events import OrderFilled
from domain.venue_state import SubmitAck

# CONTRACTS aggressor_side: 1 the buyer took liquidity, 2 the seller did.
PASSIVE_SIDE: dict[object, OrderSide] = {
    1: OrderSide.SELL,
    2: OrderSide.BUY,
    "BUYER": OrderSide.SELL,
    "SELLER": OrderSide.BUY,
}


class ReplayVenue(SimulatedVenue):
    """`SimulatedVenue` with the backtest's market-remainder and book-crossing fills."""

    async def submit(self, order: Order) -> SubmitAck:
        ack = await super().submit(order)
        if order.order_type is not OrderType.MARKET or ack.status is not OrderStatus.CANCELED:
            return ack
        status = OrderStatus.PARTIALLY_FILLED if ack.fills else OrderStatus.ACCEPTED
        cid = order.client_order_id
        self._orders[cid] = attrs.evolve(self._orders[cid], status=status)
        self._resting[cid] = order
        return attrs.evolve(ack, status=status)

    def set_book(self, book: OrderBook) -> None:
        super().set_book(book)
        for cid, order in list(self._resting.items()):
            if order.listing != book.instrument_key:
                continue
            state = self._orders[cid]
            limit = order.price if order.order_type is OrderType.LIMIT else None
            leaves = state.quantity - state.filled_quantity
            fills = self._match(order, leaves, limit, LiquiditySide.TAKER)
            if not fills:
                continue
            filled = sum((f.quantity for f in fills), Decimal(0))
            done = filled == leaves
            status = OrderStatus.FILLED if done else OrderStatus.PARTIALLY_FILLED
            self._record(order, None, filled, status, fills)
            if done:
                del self._resting[cid]
            for fill in fills:
                self._queue.put_nowait(
                    OrderFilled(
                        venue=self.venue.venue_id,
                        client_order_id=cid,
                        fill=fill,
                        venue_order_id=state.venue_order_id,
                    )
                )

    async def trade_printed(
        self, instrument_key: str, price: Decimal, quantity: Decimal, aggressor: object
    ) -> int:
        """A print fills the resting LIMIT orders on its passive side only (a SELLER print
        the BUY orders, a BUYER print the SELL orders, either side without an aggressor);
        market remainders wait for a book."""
        passive = PASSIVE_SIDE.get(aggressor)
        held = {
            cid: order
            for cid, order in self._resting.items()
            if order.order_type is OrderType.MARKET or (passive and order.side is not passive)
        }
        for cid in held:
            del self._resting[cid]
        try:
            return await self.trade_against(instrument_key, price, quantity)
        finally:
            self._resting.update(held)
