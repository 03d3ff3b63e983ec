"""`MeteredBacktest`: the backtest use case counting runs, windows loaded and bytes read."""

from __future__ import annotations

from typing import Any

from structlog.contextvars import bound_contextvars

from application.backtest.job import BacktestUseCase, ProgressCallback
from domain.run_records import RunRecords
from ports.metrics import Metrics


class MeteredBacktest:
    """Implements `BacktestUseCase` around another; a run that raises counts as FAILED."""

    def __init__(self, inner: BacktestUseCase, metrics: Metrics) -> None:
        self._inner, self._metrics = inner, metrics

    def __call__(self, command: Any, progress: ProgressCallback | None = None) -> RunRecords:
        try:
            with bound_contextvars(run_id=getattr(command, "run_id", None)):
                records = self._inner(command, progress)
        except Exception:
            self._metrics.backtest_run("FAILED", windows_loaded=0, bytes_read=0)
            raise
        io = records.io
        self._metrics.backtest_run(
            "COMPLETED", windows_loaded=io.windows_loaded, bytes_read=io.bytes_read
        )
        return records

    def __getattr__(self, name: str) -> Any:  # `plan` and the rest of the use case
        return getattr(self._inner, name)
