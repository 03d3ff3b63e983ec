"""Memory market data: books set by tests, simulators or a feed."""

from __future__ import annotations

from decimal import Decimal

from domain.book import OrderBook


class InMemoryMarketData:
    """Latest book per (venue, instrument); reference price = last mid seen, or one set."""

    def __init__(self) -> None:
        self._books: dict[tuple[str, str], OrderBook] = {}
        self._reference: dict[str, Decimal] = {}

    def set_book(self, venue: str, book: OrderBook) -> None:
        self._books[(venue, book.instrument_key)] = book
        if book.mid is not None:
            self._reference[book.instrument_key] = book.mid

    def set_reference_price(self, instrument_key: str, price: Decimal) -> None:
        self._reference[instrument_key] = price

    def book(self, venue: str, instrument_key: str) -> OrderBook | None:
        return self._books.get((venue, instrument_key))

    def reference_price(self, instrument_key: str) -> Decimal | None:
        return self._reference.get(instrument_key)
