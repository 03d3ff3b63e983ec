"""Sweep executor that runs each backtest in this process, one after another."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from domain.sweeps import SweepRun, SweepRunResult

RunPoint = Callable[[SweepRun], SweepRunResult]


class InlineSweepExecutor:
    """The sweep port without Ray: the reference the Ray executor must agree with."""

    def __init__(self, run_point: RunPoint) -> None:
        self._run_point = run_point

    @property
    def workers(self) -> int:
        return 1

    def run(self, runs: Sequence[SweepRun]) -> Iterator[SweepRunResult]:
        for run in runs:
            try:
                yield self._run_point(run)
            except Exception as error:
                yield SweepRunResult(
                    run_id=run.run_id, status="FAILED", error=f"{type(error).__name__}: {error}"
                )

    def close(self) -> None:
        return None
