"""The sweeps a backtest service started: each on a worker thread, its progress kept."""

from __future__ import annotations

import threading
from concurrent.futures import Executor, Future
from datetime import datetime
from typing import Any

import attrs

from application.sweeps.plan import plan_runs
from application.sweeps.run_sweep import RunSweep, SweepProgress
from application.sweeps.spec import SweepSpec

QUEUED, RUNNING, FAILED = "QUEUED", "RUNNING", "FAILED"


@attrs.frozen(kw_only=True)
class SweepStatus:
    """A sweep as the service sees it; `counts` once it has ended."""

    sweep_id: str
    status: str
    created_at: datetime
    runs_total: int
    runs_done: int = 0
    runs_failed: int = 0
    error: str | None = None
    counts: dict[str, int] | None = None
    top: tuple[str, ...] = ()


class SweepAlreadyExists(Exception):
    def __init__(self, sweep_id: str) -> None:
        self.sweep_id = sweep_id
        super().__init__(f"sweep {sweep_id} already exists")


class SweepService:
    """Starts sweeps on `executor` (a thread pool: each sweep fans its runs out itself)."""

    def __init__(self, run_sweep: RunSweep, executor: Executor) -> None:
        self._run_sweep, self._executor = run_sweep, executor
        self._lock = threading.Lock()
        self._sweeps: dict[str, SweepStatus] = {}
        self._futures: dict[str, Future[None]] = {}

    def start(self, spec: SweepSpec, sweep_id: str, created_at: datetime) -> SweepStatus:
        total = len(plan_runs(spec, sweep_id, created_at))
        status = SweepStatus(
            sweep_id=sweep_id, status=QUEUED, created_at=created_at, runs_total=total
        )
        with self._lock:
            if sweep_id in self._sweeps:
                raise SweepAlreadyExists(sweep_id)
            self._sweeps[sweep_id] = status
        self._futures[sweep_id] = self._executor.submit(self._execute, spec, sweep_id, created_at)
        return status

    def status(self, sweep_id: str) -> SweepStatus | None:
        with self._lock:
            return self._sweeps.get(sweep_id)

    def wait(self, sweep_id: str, timeout_s: float | None = None) -> SweepStatus:
        self._futures[sweep_id].result(timeout_s)
        status = self.status(sweep_id)
        assert status is not None
        return status

    def _execute(self, spec: SweepSpec, sweep_id: str, created_at: datetime) -> None:
        self._update(sweep_id, status=RUNNING)
        try:
            outcome = self._run_sweep(
                spec, sweep_id=sweep_id, created_at=created_at, progress=self._progress(sweep_id)
            )
        except Exception as error:  # even sweep.json could not be written
            self._update(sweep_id, status=FAILED, error=f"{type(error).__name__}: {error}")
            return
        self._update(
            sweep_id,
            status=outcome.status,
            error=outcome.error,
            counts=outcome.counts(),
            top=tuple(row.run.run_id for row in outcome.top(spec.metric)),
        )

    def _progress(self, sweep_id: str) -> Any:
        failed = 0

        def report(event: SweepProgress) -> None:
            nonlocal failed
            failed += event.status != "COMPLETED"
            self._update(sweep_id, runs_done=event.done, runs_failed=failed)

        return report

    def _update(self, sweep_id: str, **changes: Any) -> None:
        with self._lock:
            self._sweeps[sweep_id] = attrs.evolve(self._sweeps[sweep_id], **changes)
