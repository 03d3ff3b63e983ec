"""Instrument source port: the listings of the instruments file for a day."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from domain.instrument import Instrument


class InstrumentSource(Protocol):
    """Every instrument listed for one UTC day (CONTRACTS §2), validated."""

    def read(self, day: date) -> list[Instrument]: ...
