"""Routes Deribit notifications: user orders and trades to the journal, books onwards."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from adapters.deribit import mapping
from adapters.deribit.journal import EventJournal
from domain.book import OrderBook


def user_channels(name: str) -> tuple[str, str]:
    """Our orders and trades in one instrument. The per-instrument form is the one every
    version of Deribit's channel docs lists (`any.any` is missing from the newer ones)."""
    return f"user.orders.{name}.raw", f"user.trades.{name}.raw"


def book_channel(name: str) -> str:
    """Grouped (raw prices), 10 levels deep, every 100 ms: whole snapshots, no deltas."""
    return f"book.{name}.none.10.100ms"


class NotificationRouter:
    """Knows every channel to (re)subscribe and where each notification goes."""

    def __init__(self, journal: EventJournal, instrument_keys: Iterable[str] = ()) -> None:
        self.journal = journal
        self._books: dict[str, tuple[str, Callable[[OrderBook], None]]] = {}
        self._traded: dict[str, None] = {}  # Deribit names whose user channels we want
        for key in sorted(instrument_keys):
            self.add_instrument(key)

    def add_instrument(self, instrument_key: str) -> list[str]:
        """Our orders in `instrument_key` are followed; the channels that are new, if any."""
        name = mapping.deribit_name(instrument_key)
        if name in self._traded:
            return []
        self._traded[name] = None
        return list(user_channels(name))

    def add_book(self, instrument_key: str, on_book: Callable[[OrderBook], None]) -> str:
        name = mapping.deribit_name(instrument_key)
        self._books[name] = (instrument_key, on_book)
        return book_channel(name)

    @property
    def channels(self) -> list[str]:
        users = [channel for name in self._traded for channel in user_channels(name)]
        return [*users, *(book_channel(name) for name in self._books)]

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
