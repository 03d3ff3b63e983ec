"""Two generated sample days in one run, with signals whose windows cross midnight."""

from __future__ import annotations

from datetime import timedelta

import pyarrow as pa
import pytest

from adapters.importers.object_paths import signals_path
from adapters.importers.upload import upload_table
from adapters.memory.clock import ControllableClock
from adapters.memory.object_store import MemoryObjectStore
from adapters.sample_day.generator import generate_day
from adapters.sample_day.signals import SIGNALS_SCHEMA
from application.backtest import BacktestCommand
from application.backtest.windows import day_start_ns
from application.signals.windows import target_changes
from bootstrap.containers.backtest_infra import build_run_backtest
from ports.object_store import StorageTarget
from tests.backtest.sample_runs import DAY, RUN_ID, SCALE, sample_settings

NEXT_DAY = DAY + timedelta(days=1)
MIDNIGHT = day_start_ns(NEXT_DAY)
SECOND = 1_000_000_000
BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"


def _midnight_signals(store: MemoryObjectStore) -> list[str]:
    """A strategy trading across midnight: 23:58, 23:59:30 (TWAP past midnight), 00:01."""
    twap = '{"horizon_secs": 90, "interval_secs": 30}'
    rows = [
        (DAY, "mid-1", MIDNIGHT - 120 * SECOND, 0.25, "NORMAL", "{}"),
        (DAY, "mid-2", MIDNIGHT - 30 * SECOND, -0.5, "TWAP", twap),
        (NEXT_DAY, "mid-3", MIDNIGHT + 60 * SECOND, 0.8, "NORMAL", "{}"),
    ]
    for day in (DAY, NEXT_DAY):
        table = pa.Table.from_pylist(
            [
                {
                    "signal_id": signal_id,
                    "strategy_id": "midnight",
                    "instrument_key": BTC,
                    "ts_event": ts,
                    "direction": 1 if target > 0 else -1,
                    "target_quantity": target,
                    "order_type": "MARKET",
                    "limit_price": None,
                    "exec_algorithm": algorithm,
                    "exec_algorithm_params": params,
                }
                for on, signal_id, ts, target, algorithm, params in rows
                if on == day
            ],
            schema=SIGNALS_SCHEMA,
        )
        upload_table(store, StorageTarget.SIGNALS, signals_path(day, "midnight"), table)
    return [row[1] for row in rows]


@pytest.fixture(scope="module")
def two_days():
    store = MemoryObjectStore()
    generate_day(store, DAY, seed=7, scale=SCALE)
    generate_day(store, NEXT_DAY, seed=8, scale=SCALE)
    ids = _midnight_signals(store)
    settings = sample_settings(dates=[DAY.isoformat(), NEXT_DAY.isoformat()])
    run_backtest = build_run_backtest(store, ControllableClock())
    command = BacktestCommand(run_id=RUN_ID, settings=settings, dates=[DAY, NEXT_DAY])
    plan = run_backtest.plan(command)
    return plan, run_backtest(command), ids


def test_every_moving_signal_of_both_days_is_executed(two_days) -> None:
    plan, records, midnight_ids = two_days
    moving = {s.signal_id for s in target_changes(plan.setup.signals)}
    assert {s.signal_id for s in plan.setup.signals if s.ts_event >= MIDNIGHT} & moving
    assert set(midnight_ids) <= moving
    order_of = {o.order_id: o.operation_id for o in records.orders}
    filled = {order_of[f.order_id] for f in records.fills}
    assert set(midnight_ids) <= filled
    twap = {o.order_id for o in records.orders if o.operation_id == "mid-2"}
    twap_fills = [f for f in records.fills if f.order_id in twap]
    assert any(f.ts_event >= MIDNIGHT for f in twap_fills)  # its slices after midnight filled
    assert any(f.ts_event < MIDNIGHT for f in twap_fills)
    crossing = [w for w in plan.windows if w.window.start_ns < MIDNIGHT < w.window.end_ns]
    assert crossing, "the TWAP's window runs past midnight in one piece"
