"""Tick window port: a day's trades or book snapshots, whole or one time window."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

import attrs

from ports.object_store import Table


class PlannedWindow(Protocol):
    """The instrument a planned window loads (its span is read with `read`)."""

    @property
    def instrument_key(self) -> str: ...


@attrs.frozen(kw_only=True)
class FundingRate:
    """One funding settlement of a perpetual: at `ts_event` a position pays
    `quantity * mark_price * funding_rate` (longs pay when the rate is positive)."""

    instrument_key: str
    ts_event: int
    funding_rate: Decimal
    mark_price: Decimal


class TickWindows(Protocol):
    """Reads CONTRACTS §2 tick files through the object store; missing files raise."""

    def read(
        self,
        day: date,
        data_type: str,
        instrument_key: str,
        window: tuple[int, int] | None = None,
        columns: Sequence[str] | None = None,
    ) -> Table:
        """Rows with `start <= ts_event < end` (the whole day without a window); a window
        running past `day` continues into the following days' files."""
        ...

    def has_day(self, day: date, instrument_key: str) -> bool:
        """Whether `day` holds tick files of the instrument."""
        ...

    def funding_rates(self, day: date, instrument_key: str) -> list[FundingRate]:
        """The day's funding settlements of the instrument; empty without a funding file."""
        ...

    def full_day_bytes(self, day: date, windows: Iterable[PlannedWindow]) -> int:
        """Bytes of the whole day's files of every instrument the windows load."""
        ...
