"""Sweep executor on Ray: one task per run; a dead worker's task is re-run elsewhere."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from adapters.ray.config import RayConfig
from domain.sweeps import SweepRun, SweepRunResult

log = logging.getLogger(__name__)
RunPoint = Callable[[SweepRun], SweepRunResult]
START_ATTEMPTS = 4


class RaySweepExecutor:
    """Submits `run_point(run)` as Ray tasks (one CPU each) and yields results as they finish.
    Connects on first use; `close` shuts a local Ray down (a joined cluster stays up)."""

    def __init__(self, run_point: RunPoint, config: RayConfig) -> None:
        self._run_point, self._config = run_point, config
        self._task: Any = None
        self._started_here = False

    @property
    def workers(self) -> int:
        self._connect()
        import ray

        return int(ray.cluster_resources().get("CPU", 1))

    def _connect(self) -> None:
        if self._task is not None:
            return
        import ray

        if not ray.is_initialized():
            if self._config.address:
                ray.init(address=self._config.address, log_to_driver=False)
            else:
                self._start_local(ray)
                self._started_here = True
        self._task = ray.remote(num_cpus=1, max_retries=self._config.max_task_retries)(_run_guarded)

    def _start_local(self, ray: Any) -> None:
        """A local Ray; its raylet gives its agents ~15 s to come up, which a loaded 2-core
        machine can miss, so start-up is tried again a few times before giving up."""
        os.environ.setdefault("RAY_agent_register_timeout_ms", "120000")
        for attempt in range(1, START_ATTEMPTS + 1):
            try:
                ray.init(
                    num_cpus=self._config.workers or os.cpu_count() or 1,
                    include_dashboard=False,
                    log_to_driver=False,
                    configure_logging=False,
                )
                return
            except Exception as error:
                if "timed out during startup" not in str(error) or attempt == START_ATTEMPTS:
                    raise
                log.warning("local Ray did not start (attempt %d): %s", attempt, error)
                ray.shutdown()

    def run(self, runs: Sequence[SweepRun]) -> Iterator[SweepRunResult]:
        self._connect()
        import ray

        refs = {self._task.remote(self._run_point, run): run for run in runs}
        waiting = list(refs)
        while waiting:
            done, waiting = ray.wait(waiting, num_returns=1)
            for ref in done:
                run = refs[ref]
                try:
                    yield ray.get(ref)
                except Exception as error:  # retries used up, or the task could not run at all
                    log.warning("sweep run %s lost: %s", run.run_id, error)
                    yield SweepRunResult(
                        run_id=run.run_id,
                        status="FAILED",
                        error=f"worker failed: {type(error).__name__}: {error}"[:2000],
                    )

    def close(self) -> None:
        if self._started_here:
            import ray

            ray.shutdown()
            self._started_here = False
        self._task = None


def _run_guarded(run_point: RunPoint, run: SweepRun) -> SweepRunResult:
    """Inside the worker: a failing run becomes a FAILED result, never a task error (which Ray
    would re-run as if the worker had died)."""
    try:
        return run_point(run)
    except Exception as error:
        return SweepRunResult(
            run_id=run.run_id, status="FAILED", error=f"{type(error).__name__}: {error}"
        )
