"""Sweep executor port: where a sweep's backtests run (in process, Ray workers, a cluster)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from domain.sweeps import SweepRun, SweepRunResult


class SweepExecutor(Protocol):
    """Runs backtests; each run reads its windows from the object store itself and writes its
    own outputs there, so nothing depends on the submitting machine's disk."""

    @property
    def workers(self) -> int: ...

    def run(self, runs: Sequence[SweepRun]) -> Iterator[SweepRunResult]:
        """Each run's result as it finishes (any order). A run whose worker dies is re-run
        elsewhere; a run that fails comes back FAILED with its error, never raises."""
        ...

    def close(self) -> None: ...
