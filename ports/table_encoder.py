"""Table encoder port: the rows of a run's four tables as file bytes (parquet in production)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.run_records import EquitySample, FillRecord, OrderRecord, PositionSnapshot


class TableEncoder(Protocol):
    """Encodes the rows of orders, fills, positions and equity_curve with their exact schemas."""

    def orders(self, rows: Sequence[OrderRecord]) -> bytes: ...

    def fills(self, rows: Sequence[FillRecord]) -> bytes: ...

    def positions(self, rows: Sequence[PositionSnapshot]) -> bytes: ...

    def equity_curve(self, rows: Sequence[EquitySample]) -> bytes: ...
