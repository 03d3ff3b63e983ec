"""Signal source port: strategy signals for a day."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from domain.signal import Signal


class SignalSource(Protocol):
    """Signals of every strategy for one UTC day, sorted by `ts_event`."""

    def signals_for(self, day: date) -> list[Signal]: ...
