"""Routes Deribit notifications: user orders and trades to the journal, books onwards."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from adapters.deribit import mapping
from adapters.deribit.journal import EventJournal
from domain.book import OrderBook

USER_CHANNELS = ("user.orders.any.any.raw", "user.trades.any.any.raw")


def book_channel(name: str) -> str:
    """Grouped (raw prices), 10 levels deep, every 100 ms: whole snapshots, no deltas."""
    return f"book.{name}.none.10.100ms"


class NotificationRouter:
    """Knows every channel to (re)subscribe and where each notification goes."""

    def __init__(self, journal: EventJournal) -> None:
        self.journal = journal
        self._books: dict[str, tuple[str, Callable[[OrderBook], None]]] = {}

    def add_book(self, instrument_key: str, on_book: Callable[[OrderBook], None]) -> str:
        name = mapping.deribit_name(instrument_key)
        self._books[name] = (instrument_key, on_book)
        return book_channel(name)

    @property
    def channels(self) -> list[str]:
        return [*USER_CHANNELS, *(book_channel(name) for name in self._books)]

    def __call__(self, channel: str, data: Any) -> None:
        items = data if isinstance(data, list) else [data]
        if channel.startswith("user.trades."):
            for trade in items:
                self.journal.trade(trade)
        elif channel.startswith("user.orders."):
            for order in items:
                self.journal.order(order)
        elif channel.startswith("book."):
            subscriber = self._books.get(channel.split(".")[1])
            if subscriber is not None:
                instrument_key, on_book = subscriber
                on_book(mapping.book_of(instrument_key, data))
