"""The runs a backtest service started: each on a worker thread, its state kept in a registry."""

from __future__ import annotations

import threading
from concurrent.futures import Executor, Future
from datetime import datetime
from typing import Any

import attrs

from application.backtest.job import BacktestJob, RunTicket, WindowProgress, describe
from application.runs.summary import FAILED

QUEUED, RUNNING = "QUEUED", "RUNNING"


class RunAlreadyExists(Exception):
    """A run id that this service (or the store) already knows."""

    def __init__(self, run_id: str) -> None:
        self.run_id = run_id
        super().__init__(f"run {run_id} already exists")


@attrs.frozen(kw_only=True)
class RunStatus:
    """A run as the service sees it: QUEUED (waiting for a worker), RUNNING, COMPLETED or
    FAILED, and its window progress."""

    run_id: str
    status: str
    created_at: datetime
    windows_done: int = 0
    windows_total: int = 0
    error: str | None = None
    summary: dict[str, Any] | None = None


class BacktestRuns:
    """Starts runs on `executor` and answers what each is doing; safe across threads."""

    def __init__(self, job: BacktestJob, executor: Executor) -> None:
        self._job = job
        self._executor = executor
        self._lock = threading.Lock()
        self._runs: dict[str, RunStatus] = {}
        self._futures: dict[str, Future[None]] = {}

    def start(self, ticket: RunTicket, command: Any) -> RunStatus:
        status = RunStatus(run_id=ticket.run_id, status=QUEUED, created_at=ticket.created_at)
        with self._lock:
            if ticket.run_id in self._runs:
                raise RunAlreadyExists(ticket.run_id)
            self._runs[ticket.run_id] = status
        self._futures[ticket.run_id] = self._executor.submit(self._execute, ticket, command)
        return status

    def status(self, run_id: str) -> RunStatus | None:
        with self._lock:
            return self._runs.get(run_id)

    def all(self) -> list[RunStatus]:
        with self._lock:
            return list(self._runs.values())

    def wait(self, run_id: str, timeout_s: float | None = None) -> RunStatus:
        """Blocks until the run has ended (for tests and orderly shutdown)."""
        self._futures[run_id].result(timeout_s)
        status = self.status(run_id)
        assert status is not None
        return status

    def _execute(self, ticket: RunTicket, command: Any) -> None:
        self._update(ticket.run_id, status=RUNNING)
        try:
            outcome = self._job(ticket, command, lambda event: self._progress(ticket, event))
        except Exception as error:  # even the FAILED summary could not be written
            self._update(
                ticket.run_id, status=FAILED, error=f"results not stored: {describe(error)}"
            )
            return
        self._update(
            ticket.run_id, status=outcome.status, error=outcome.error, summary=outcome.summary
        )

    def _progress(self, ticket: RunTicket, event: WindowProgress) -> None:
        self._update(
            ticket.run_id, windows_done=event.windows_done, windows_total=event.windows_total
        )

    def _update(self, run_id: str, **changes: Any) -> None:
        with self._lock:
            self._runs[run_id] = attrs.evolve(self._runs[run_id], **changes)
