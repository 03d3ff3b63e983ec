"""A visible order book snapshot and what walking it costs."""

from __future__ import annotations

from decimal import Decimal

import attrs

from domain.enums import OrderSide


@attrs.frozen(kw_only=True)
class BookLevel:
    price: Decimal
    size: Decimal


@attrs.frozen(kw_only=True)
class BookWalk:
    """Result of consuming the book: how much filled and at what average price."""

    filled: Decimal
    avg_price: Decimal | None
    worst_price: Decimal | None

    @property
    def notional(self) -> Decimal:
        return self.filled * (self.avg_price or Decimal(0))


@attrs.frozen(kw_only=True)
class OrderBook:
    """Bids best-first (descending), asks best-first (ascending)."""

    instrument_key: str
    bids: tuple[BookLevel, ...] = ()
    asks: tuple[BookLevel, ...] = ()
    ts_event: int = 0

    @property
    def best_bid(self) -> Decimal | None:
        return self.bids[0].price if self.bids else None

    @property
    def best_ask(self) -> Decimal | None:
        return self.asks[0].price if self.asks else None

    @property
    def mid(self) -> Decimal | None:
        if self.bids and self.asks:
            return (self.bids[0].price + self.asks[0].price) / 2
        return self.best_bid or self.best_ask

    def levels_for(self, side: OrderSide) -> tuple[BookLevel, ...]:
        """The levels an order of `side` trades against (a buy lifts the asks)."""
        return self.asks if side is OrderSide.BUY else self.bids

    def depth(self, side: OrderSide, limit: Decimal | None = None) -> Decimal:
        return sum((lvl.size for lvl in self._reachable(side, limit)), Decimal(0))

    def _reachable(self, side: OrderSide, limit: Decimal | None) -> list[BookLevel]:
        levels = self.levels_for(side)
        if limit is None:
            return list(levels)
        if side is OrderSide.BUY:
            return [lvl for lvl in levels if lvl.price <= limit]
        return [lvl for lvl in levels if lvl.price >= limit]

    def walk(self, side: OrderSide, quantity: Decimal, limit: Decimal | None = None) -> BookWalk:
        remaining, cost, worst = quantity, Decimal(0), None
        for level in self._reachable(side, limit):
            if remaining <= 0:
                break
            take = min(remaining, level.size)
            cost += take * level.price
            remaining -= take
            worst = level.price
        filled = quantity - remaining
        return BookWalk(
            filled=filled, avg_price=cost / filled if filled else None, worst_price=worst
        )
