"""Sweeps on a local Ray: identical to the same runs done one by one; a killed worker's run
is run again elsewhere."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest

from adapters.local.object_store import LocalObjectStore
from adapters.ray.config import RayConfig
from adapters.ray.sweep_executor import RaySweepExecutor
from application.runs.layout import result_path
from application.sweeps import parse_sweep, plan_runs
from bootstrap.sweep_worker import run_sweep_point
from bootstrap.sweeps import build_run_sweep, complete_config, config_problems
from domain.sweeps import SweepRun, SweepRunResult
from tests.sweeps.sweep_world import DAYS, base_config, read_table, sweep_2x2x2

pytestmark = pytest.mark.slow
CREATED = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
MONEY = {
    "fills.parquet": ("quantity", "price", "fee", "ts_event"),
    "positions.parquet": (
        "ts_event",
        "quantity",
        "avg_entry_price",
        "current_price",
        "unrealized_pnl",
        "realized_pnl",
    ),
    "equity_curve.parquet": (
        "ts_event",
        "portfolio_value",
        "cash_balance",
        "margin_used",
        "unrealized_pnl",
        "drawdown_pct",
    ),
}


@pytest.fixture(scope="module")
def ray_executor():
    executor = RaySweepExecutor(run_sweep_point, RayConfig(workers=2))
    yield executor
    executor.close()


def test_a_2x2x2_sweep_equals_the_same_runs_one_by_one(two_day_root, ray_executor):
    store = LocalObjectStore(two_day_root)
    spec = parse_sweep(sweep_2x2x2(two_day_root), config_problems, complete_config)
    sweep_id = "SW-20240305-120000-c0ffee"
    outcome = build_run_sweep(store, ray_executor)(spec, sweep_id=sweep_id, created_at=CREATED)
    assert outcome.counts() == {"runs": 8, "completed": 8, "failed": 0, "resumed": 0}
    assert ray_executor.workers == 2
    for n, row in enumerate(outcome.rows):
        alone_id = f"BT-20240306-0000{n:02d}-a1a1a1"
        alone = run_sweep_point(attrs.evolve(row.run, run_id=alone_id))
        assert alone.status == "COMPLETED", alone.error
        assert alone.summary["pnl"] == row.result.summary["pnl"]
        assert alone.summary["metrics"] == row.result.summary["metrics"]
        for name, columns in MONEY.items():
            swept = read_table(store, result_path(row.run.run_id, name))
            single = read_table(store, result_path(alone_id, name))
            assert swept.num_rows == single.num_rows
            for column in columns:
                assert swept.column(column).equals(single.column(column)), (name, column)
    fills = [row.result.summary["execution_stats"]["fills"] for row in outcome.rows]
    assert sum(fills) > 0


@attrs.frozen
class DiesOnce:
    """Kills its worker process the first time it sees run `index` (a marker file remembers)."""

    marker: str
    index: int

    def __call__(self, run: SweepRun) -> SweepRunResult:
        if run.index == self.index and not Path(self.marker).exists():
            Path(self.marker).write_text(str(os.getpid()))
            os._exit(1)
        return run_sweep_point(run)


def test_a_killed_workers_run_is_run_again_elsewhere(two_day_root, tmp_path, ray_executor):
    raw = {
        "base_config": base_config(two_day_root),
        "dates": [DAYS[0].isoformat()],
        "axes": {"backtest.window_seconds": [120, 300]},
    }
    spec = parse_sweep(raw, config_problems, complete_config)
    runs = plan_runs(spec, "SW-20240305-120000-deadbe", CREATED)
    marker = tmp_path / "killed"
    executor = RaySweepExecutor(DiesOnce(str(marker), 1), RayConfig(workers=2))
    results = {result.run_id: result for result in executor.run(runs)}
    assert marker.exists()  # a worker really died
    assert {r.status for r in results.values()} == {"COMPLETED"}
    assert set(results) == {run.run_id for run in runs}
