"""Encodes a sweep's results table (results.parquet) from its rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.sweeps import SweepResultRow


class SweepTableEncoder(Protocol):
    def results(self, rows: Sequence[SweepResultRow], axis_paths: Sequence[str]) -> bytes: ...
