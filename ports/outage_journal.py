"""Outage journal port: a local append-only record of what could not reach the order store."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.fill import Fill
from domain.order import Order


class OutageJournal(Protocol):
    """Appends fills and order states parked while the database is down, and a marker when
    they reached it; a reader of the journal sees every venue fact the store missed."""

    def parked(self, fills: Sequence[Fill], orders: Sequence[Order]) -> None: ...

    def written(self, fill_count: int, order_count: int) -> None: ...
