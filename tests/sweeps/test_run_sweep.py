"""Running a sweep in process: outputs, sweep.json last, failing runs retried, resume."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.local.object_store import LocalObjectStore
from adapters.memory.inline_sweep_executor import InlineSweepExecutor
from application.runs.layout import summary_path
from application.sweeps import parse_sweep, stored_spec, stored_summary
from application.sweeps.layout import results_path, spec_path, sweep_summary_path
from bootstrap.sweep_worker import run_sweep_point
from bootstrap.sweeps import build_run_sweep, complete_config, config_problems
from domain.sweeps import SweepRun, SweepRunResult
from ports.object_store import StorageTarget
from tests.sweeps.sweep_world import BTC, DAYS, base_config, read_table

SWEEP_ID = "SW-20240305-120000-a1b2c3"
CREATED = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)


class CountingRunPoint:
    """The real run point, counting calls per run id; `fail_first` runs fail once first."""

    def __init__(self, fail_first: set[int] = frozenset()) -> None:
        self.calls: dict[str, int] = {}
        self.fail_first = fail_first

    def __call__(self, run: SweepRun) -> SweepRunResult:
        self.calls[run.run_id] = self.calls.get(run.run_id, 0) + 1
        if run.index in self.fail_first and self.calls[run.run_id] == 1:
            raise RuntimeError("worker lost its disk")
        return run_sweep_point(run)


def one_day_sweep(root, **extra):
    raw = {
        "base_config": base_config(root),
        "dates": [DAYS[0].isoformat(), "2023-01-01"],  # the second day has no data
        "instruments": [BTC],
        "axes": {"backtest.window_seconds": [120, 300]},
        "retries": 2,
    }
    raw.update(extra)
    return parse_sweep(raw, config_problems, complete_config)


def test_a_sweep_writes_every_run_results_and_sweep_json_last(two_day_root):
    store = LocalObjectStore(two_day_root)
    run_point = CountingRunPoint(fail_first={3})  # days sort: 2023-01-01 runs 0 and 1
    uploads: list[str] = []
    original = store.upload
    store.upload = lambda target, path, *a: (uploads.append(path), original(target, path, *a))
    spec = one_day_sweep(two_day_root)
    outcome = build_run_sweep(store, InlineSweepExecutor(run_point))(
        spec, sweep_id=SWEEP_ID, created_at=CREATED
    )
    assert outcome.status == "COMPLETED"
    counts = outcome.counts()
    assert counts == {"runs": 4, "completed": 2, "failed": 2, "resumed": 0}
    by_day = {row.run.run_id: row for row in outcome.rows}
    for row in by_day.values():
        if row.run.day == DAYS[0]:
            assert row.result.status == "COMPLETED"
        else:  # no data that day: tried 1 + retries times, then recorded FAILED with its error
            assert row.result.status == "FAILED"
            assert row.result.attempts == 3
            assert run_point.calls[row.run.run_id] == 3
            assert row.result.error
    flaky = outcome.rows[3]
    assert flaky.run.day == DAYS[0]
    assert run_point.calls[flaky.run.run_id] == 2
    assert flaky.result.status == "COMPLETED"
    for row in outcome.rows:
        assert store.exists(StorageTarget.EXECUTION, summary_path(row.run.run_id))
    assert uploads[0] == spec_path(SWEEP_ID)
    assert uploads[-1] == sweep_summary_path(SWEEP_ID)
    assert uploads.index(results_path(SWEEP_ID)) < len(uploads) - 1
    table = read_table(store, results_path(SWEEP_ID))
    assert table.column_names[0] == "backtest.window_seconds"
    rows = table.to_pylist()
    assert [r["run_id"] for r in rows] == [row.run.run_id for row in outcome.rows]
    assert [r["backtest.window_seconds"] for r in rows] == [120, 300, 120, 300]
    assert [r["day"] for r in rows] == ["2023-01-01"] * 2 + [DAYS[0].isoformat()] * 2
    for row, stored in zip(outcome.rows, rows, strict=True):
        assert stored["status"] == row.result.status
        if row.result.status == "COMPLETED":
            assert stored["net_pnl"] == row.result.summary["pnl"]["net_pnl"]
            assert stored["fills"] == row.result.summary["execution_stats"]["fills"]
    summary = stored_summary(store, SWEEP_ID)
    assert summary["counts"] == counts
    assert summary["status"] == "COMPLETED"
    assert set(summary["top"]) <= {r.run.run_id for r in outcome.rows if r.run.day == DAYS[0]}


def test_resume_skips_the_runs_whose_summary_is_complete(two_day_root):
    store = LocalObjectStore(two_day_root)
    sweep_id = "SW-20240305-120000-bbbbbb"
    spec = one_day_sweep(two_day_root, dates=[DAYS[0].isoformat()])
    first = build_run_sweep(store, InlineSweepExecutor(CountingRunPoint()))(
        spec, sweep_id=sweep_id, created_at=CREATED
    )
    assert first.counts()["completed"] == 2
    lost = first.rows[0].run.run_id  # as if the sweep had died before this run finished
    (summary_file,) = two_day_root.glob(f"*/backtest_results/{lost}/summary.json")
    summary_file.unlink()
    resumed_spec, created = stored_spec(store, sweep_id, config_problems, complete_config)
    assert created == CREATED
    assert resumed_spec == spec
    run_point = CountingRunPoint()
    again = build_run_sweep(store, InlineSweepExecutor(run_point))(
        resumed_spec, sweep_id=sweep_id, created_at=created, resume=True
    )
    assert run_point.calls == {lost: 1}
    assert again.counts() == {"runs": 2, "completed": 2, "failed": 0, "resumed": 1}
    assert [r.result.summary["pnl"] for r in again.rows] == [
        r.result.summary["pnl"] for r in first.rows
    ]
