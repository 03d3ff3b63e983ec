"""Bytes read so far by each running backtest, taken from the engine's progress events."""

from __future__ import annotations

import threading
from typing import Any

from application.backtest.job import BacktestUseCase, ProgressCallback, WindowProgress
from domain.run_records import RunRecords


class ReadProgress:
    """Wraps the backtest use case: remembers the last `bytes_read` of every run by id."""

    def __init__(self, run_backtest: BacktestUseCase) -> None:
        self._inner = run_backtest
        self._lock = threading.Lock()
        self._bytes: dict[str, int] = {}

    def __call__(self, command: Any, progress: ProgressCallback | None = None) -> RunRecords:
        run_id = str(command.run_id)

        def report(event: WindowProgress) -> None:
            read = getattr(event, "bytes_read", None)
            if isinstance(read, int):
                with self._lock:
                    self._bytes[run_id] = read
            if progress is not None:
                progress(event)

        return self._inner(command, report)

    def bytes_read(self, run_id: str) -> int | None:
        with self._lock:
            return self._bytes.get(run_id)
