"""Use case: run every backtest of a sweep, retry failures, write results.parquet and sweep.json."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs

from application.runs.reader import RunReader
from application.sweeps.layout import results_path, spec_path, sweep_summary_path
from application.sweeps.plan import plan_runs
from application.sweeps.spec import SweepSpec
from domain.sweeps import SweepResultRow, SweepRun, SweepRunResult
from ports.object_store import DataFormat, ObjectStore, StorageTarget
from ports.sweep_executor import SweepExecutor
from ports.sweep_table_encoder import SweepTableEncoder

log = logging.getLogger(__name__)
COMPLETED, FAILED = "COMPLETED", "FAILED"


@attrs.frozen(kw_only=True)
class SweepProgress:
    """Run `run_id` ended with `status`; `done` of `total` runs have ended."""

    done: int
    total: int
    run_id: str
    status: str


@attrs.frozen(kw_only=True)
class SweepOutcome:
    sweep_id: str
    status: str
    rows: tuple[SweepResultRow, ...]
    error: str | None = None

    def counts(self) -> dict[str, int]:
        statuses = [row.result.status for row in self.rows]
        return {
            "runs": len(self.rows),
            "completed": statuses.count(COMPLETED),
            "failed": statuses.count(FAILED),
            "resumed": sum(row.result.resumed for row in self.rows),
        }

    def top(self, metric: str, count: int = 5) -> list[SweepResultRow]:
        """The completed runs best by `metric` (least drawdown first for max_drawdown)."""
        done = [row for row in self.rows if row.result.status == COMPLETED]
        # max_drawdown_pct is <= 0: the best run has the value nearest zero, i.e. the largest.
        return sorted(done, key=lambda row: row.metric(metric), reverse=True)[:count]


class RunSweep:
    """Plans the runs, skips the ones a resumed sweep already finished, runs the rest on the
    executor (failed runs again, up to `spec.retries` times), then writes the sweep's outputs:
    results.parquet, and sweep.json last."""

    def __init__(
        self, store: ObjectStore, executor: SweepExecutor, encoder: SweepTableEncoder
    ) -> None:
        self._store, self._executor, self._encoder = store, executor, encoder
        self._reader = RunReader(store)

    def __call__(
        self,
        spec: SweepSpec,
        *,
        sweep_id: str,
        created_at: datetime,
        progress: Callable[[SweepProgress], None] | None = None,
        resume: bool = False,
    ) -> SweepOutcome:
        runs = plan_runs(spec, sweep_id, created_at)
        if not resume:
            self._put(spec_path(sweep_id), _stored_spec(spec, sweep_id, created_at))
        results = self._finished(runs) if resume else {}
        report = progress or (lambda _event: None)
        for run_id in results:
            report(
                SweepProgress(done=len(results), total=len(runs), run_id=run_id, status=COMPLETED)
            )
        try:
            self._run_pending(spec, runs, results, report)
        except Exception as error:  # the executor itself broke: say so in sweep.json
            log.exception("sweep %s stopped", sweep_id)
            outcome = SweepOutcome(
                sweep_id=sweep_id,
                status=FAILED,
                rows=_rows(runs, results),
                error=f"{type(error).__name__}: {error}",
            )
            self._write(spec, outcome, created_at)
            return outcome
        outcome = SweepOutcome(sweep_id=sweep_id, status=COMPLETED, rows=_rows(runs, results))
        self._write(spec, outcome, created_at)
        return outcome

    def _finished(self, runs: list[SweepRun]) -> dict[str, SweepRunResult]:
        found = {}
        for run in runs:
            summary = self._reader.summary(run.run_id)
            if summary is not None and summary.get("status") == COMPLETED:
                found[run.run_id] = SweepRunResult(
                    run_id=run.run_id, status=COMPLETED, summary=summary, resumed=True
                )
        return found

    def _run_pending(
        self,
        spec: SweepSpec,
        runs: list[SweepRun],
        results: dict[str, SweepRunResult],
        report: Callable[[SweepProgress], None],
    ) -> None:
        by_id = {run.run_id: run for run in runs}
        pending = [run for run in runs if run.run_id not in results]
        for attempt in range(1, spec.retries + 2):
            if not pending:
                return
            again = []
            for result in self._executor.run(pending):
                result = attrs.evolve(result, attempts=attempt)
                if result.status != COMPLETED and attempt <= spec.retries:
                    log.warning(
                        "run %s failed (attempt %d): %s", result.run_id, attempt, result.error
                    )
                    again.append(by_id[result.run_id])
                    continue
                results[result.run_id] = result
                report(
                    SweepProgress(
                        done=len(results),
                        total=len(runs),
                        run_id=result.run_id,
                        status=result.status,
                    )
                )
            pending = again

    def _write(self, spec: SweepSpec, outcome: SweepOutcome, created_at: datetime) -> None:
        paths = [axis.path for axis in spec.axes] or sorted({p for p in spec.points for p in p})
        data = self._encoder.results(outcome.rows, paths)
        self._store.upload(
            StorageTarget.EXECUTION, results_path(outcome.sweep_id), data, DataFormat.BYTES
        )
        summary: dict[str, Any] = {
            "sweep_id": outcome.sweep_id,
            "status": outcome.status,
            "created_at": created_at.isoformat().replace("+00:00", "Z"),
            "counts": outcome.counts(),
            "metric": spec.metric,
            "top": [row.run.run_id for row in outcome.top(spec.metric)],
            "spec": spec.to_json(),
        }
        if outcome.error is not None:
            summary["error"] = outcome.error
        self._put(sweep_summary_path(outcome.sweep_id), summary)

    def _put(self, path: str, document: dict[str, Any]) -> None:
        self._store.upload(StorageTarget.EXECUTION, path, document, DataFormat.JSON)


def _stored_spec(spec: SweepSpec, sweep_id: str, created_at: datetime) -> dict[str, Any]:
    return {"sweep_id": sweep_id, "created_at": created_at.isoformat(), "spec": spec.to_json()}


def _rows(runs: list[SweepRun], results: dict[str, SweepRunResult]) -> tuple[SweepResultRow, ...]:
    missing = SweepRunResult
    return tuple(
        SweepResultRow(
            run=run,
            result=results.get(run.run_id)
            or missing(run_id=run.run_id, status=FAILED, error="not run: the sweep stopped"),
        )
        for run in runs
    )
