"""The real RunBacktest on the generated sample day, written and read back through the store."""

from __future__ import annotations

import pytest

from adapters.memory.clock import ControllableClock
from adapters.results.locations import locate_in
from bootstrap.backtest_launch import BacktestServices, new_ticket, resolve_dates
from bootstrap.containers.backtest_infra import build_run_backtest
from tests.backtest.sample_runs import DAY, sample_settings, sample_store
from tests.results.recompute import recompute
from tests.results.test_run_summary import EXPECTED, assert_shape
from tests.results.test_written_files import CONTRACT_SCHEMAS
from tests.service.fake_backtest import FakeProgress

RUN_ID = "BT-20240301-120000-e2e0e2"
PREFIX = f"backtest_results/{RUN_ID}/"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def finished():
    store = sample_store()
    services = BacktestServices(
        run_backtest=build_run_backtest(store, ControllableClock()),
        store=store,
        locate=locate_in(store),
    )
    settings = sample_settings()
    dates = resolve_dates(settings, [])
    ticket = new_ticket(settings, dates, RUN_ID)
    events: list[FakeProgress] = []
    command = services.make_command(settings, dates, ticket)
    outcome = services.job()(ticket, command, events.append)
    return store, outcome, events


def table(store, name):
    import io

    import pyarrow.parquet as pq

    from ports.object_store import DataFormat, StorageTarget

    raw = store.download(StorageTarget.EXECUTION, PREFIX + name, DataFormat.BYTES)
    return pq.read_table(io.BytesIO(raw))


def test_the_sample_day_completes_with_contract_files(finished):
    store, outcome, events = finished
    assert outcome.status == "COMPLETED", outcome.error
    assert_shape(outcome.summary, EXPECTED)
    assert outcome.summary["config"]["backtest"]["dates"] == [DAY.isoformat()]
    for name, schema in CONTRACT_SCHEMAS.items():
        assert [(f.name, f.type) for f in table(store, name).schema] == schema
    assert events
    assert events[-1].windows_done == events[-1].windows_total


def test_summary_agrees_with_the_fills_and_positions_the_engine_produced(finished):
    store, outcome, _ = finished
    fills = table(store, "fills.parquet").to_pylist()
    positions = table(store, "positions.parquet").to_pylist()
    assert fills, "the sample day should trade"
    found = recompute(fills, positions)
    for key, quantity in found.held.items():
        assert found.last_positions[key]["quantity"] == pytest.approx(quantity, abs=1e-9)
    gross, fees = found.gross_pnl, found.total_fees
    pnl = outcome.summary["pnl"]
    assert pnl["gross_pnl"] == pytest.approx(gross, abs=1e-6)
    assert pnl["total_fees"] == pytest.approx(fees, abs=1e-9)
    assert pnl["net_pnl"] == pytest.approx(gross - fees - pnl["funding_paid"], abs=1e-6)
    # ...and with the engine's own books: its PnL columns and its portfolio value
    assert pnl["gross_pnl"] == pytest.approx(found.engine_gross_pnl, abs=1e-6)
    equity = sorted(table(store, "equity_curve.parquet").to_pylist(), key=lambda e: e["ts_event"])
    starting = float(sample_settings().backtest.starting_balance)
    assert pnl["net_pnl"] == pytest.approx(equity[-1]["portfolio_value"] - starting, abs=1e-4)
    deepest = min(e["drawdown_pct"] for e in equity)
    assert outcome.summary["metrics"]["max_drawdown_pct"] == pytest.approx(deepest, abs=1e-9)
    stats = outcome.summary["execution_stats"]
    assert stats["fills"] == len(fills)
    assert stats["windows_loaded"] > 0
    assert 0 < stats["bytes_read"] < stats["bytes_full_day"]
