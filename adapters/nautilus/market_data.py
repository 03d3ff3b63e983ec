"""The MarketData port over the nautilus cache: managed order books and last trades."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from nautilus_trader.cache.base import CacheFacade
from nautilus_trader.model.identifiers import InstrumentId

from domain.book import BookLevel, OrderBook
from domain.instrument_facts import parse_key

LEVELS = 5
# Valued at par with each other when converting amounts into the run's currency.
USD_LIKE = frozenset({"USD", "USDT", "USDC", "BUSD", "FDUSD"})


class NautilusMarketData:
    """Books as the data engine maintains them (subscribe to depth, managed) for the router.

    `instrument_id(venue, key)` names the nautilus instrument of a listing; the reference
    price of a key is its book's mid, else its last trade.
    """

    def __init__(
        self,
        cache: CacheFacade,
        instrument_id: Callable[[str], InstrumentId | None],
    ) -> None:
        self._cache = cache
        self._instrument_id = instrument_id

    def book(self, venue: str, instrument_key: str) -> OrderBook | None:
        iid = self._instrument_id(instrument_key)
        book = self._cache.order_book(iid) if iid is not None else None
        if book is None or book.update_count == 0:
            return None
        return OrderBook(
            instrument_key=instrument_key,
            bids=_levels(book.bids()),
            asks=_levels(book.asks()),
            ts_event=book.ts_last,
        )

    def reference_price(self, instrument_key: str) -> Decimal | None:
        iid = self._instrument_id(instrument_key)
        if iid is None:
            return None
        book = self._cache.order_book(iid)
        if book is not None and book.update_count:
            bid, ask = book.best_bid_price(), book.best_ask_price()
            if bid is not None and ask is not None:
                return (bid.as_decimal() + ask.as_decimal()) / 2
        trade = self._cache.trade_tick(iid)
        return trade.price.as_decimal() if trade is not None else None

    def mark(self, instrument_key: str) -> Decimal | None:
        """The last trade price, else the book's mid: what open positions are valued at."""
        iid = self._instrument_id(instrument_key)
        trade = self._cache.trade_tick(iid) if iid is not None else None
        if trade is not None:
            return trade.price.as_decimal()
        return self.reference_price(instrument_key)


def conversion_rate(
    code: str, currency: str, keys: Iterable[str], mark: Callable[[str], Decimal | None]
) -> Decimal | None:
    """Units of `currency` per unit of `code`, from the mark of an instrument quoting them."""

    def same(a: str, b: str) -> bool:
        return a == b or (a in USD_LIKE and b in USD_LIKE)

    if same(code, currency):
        return Decimal(1)
    for key in keys:
        parsed = parse_key(key)
        price = None
        if parsed.base == code and same(parsed.quote, currency):
            price = mark(key)
            if price:
                return price
        if parsed.quote == code and same(parsed.base, currency):
            price = mark(key)
            if price:
                return 1 / price
    return None


def _levels(levels: list) -> tuple[BookLevel, ...]:
    return tuple(
        BookLevel(price=level.price.as_decimal(), size=Decimal(repr(level.size())))
        for level in levels[:LEVELS]
    )
