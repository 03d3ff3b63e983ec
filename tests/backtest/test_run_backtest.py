"""RunBacktest over the generated sample day: only planned windows, I/O, progress, failures."""

from __future__ import annotations

from datetime import timedelta

import pyarrow as pa
import pytest

from adapters.importers.object_paths import signals_path, tick_data_path
from adapters.importers.tick_tables import BOOK_SNAPSHOT_5_SCHEMA, TRADES_SCHEMA
from adapters.importers.upload import upload_table
from adapters.memory.clock import ControllableClock
from adapters.sample_day.generator import generate_day
from adapters.sample_day.signals import SIGNALS_SCHEMA
from application.backtest import (
    BacktestCommand,
    EmptyWindow,
    InvalidBacktestConfig,
    MissingTickData,
    RunBacktest,
    UnknownInstrument,
)
from application.backtest.signal_life import SECOND_NS as SECOND
from application.backtest.signal_life import signal_lives
from application.backtest.windows import DAY_NS, day_start_ns, plan_run
from application.signals.windows import target_changes
from bootstrap.build import build_container
from bootstrap.containers.backtest_infra import build_run_backtest
from ports.object_store import DataFormat, StorageTarget
from tests.backtest.sample_runs import (
    DAY,
    RUN_ID,
    copy_store,
    run_sample,
    sample_settings,
    sample_store,
)

BTC_BYBIT = "BYBIT:PERPETUAL:BTC-USDT@LIN"
NEXT_DAY = DAY + timedelta(days=1)
DAY_START = day_start_ns(DAY)


@pytest.fixture(scope="module")
def store():
    return sample_store()


@pytest.fixture(scope="module")
def sample_run(store):
    events = []
    records = run_sample(store, progress=events.append)
    return records, events


def _signals(store):
    from adapters.datasets.signals import StoreSignalSource

    return StoreSignalSource(store).signals_for(DAY)


def test_the_sample_day_runs_only_on_the_planned_windows(store, sample_run):
    records, events = sample_run
    signals = _signals(store)
    settings = sample_settings()
    from adapters.datasets.instruments import InstrumentsReader
    from application.backtest.setup import venue_accounts

    venues = [a.venue for a in venue_accounts(settings, InstrumentsReader(store).read(DAY))]
    backtest = settings.backtest
    lives = signal_lives(
        signals,
        window_ns=backtest.window_seconds * SECOND,
        max_ns=backtest.max_window_seconds * SECOND,
        algorithm_defaults=settings.algorithms,
    )
    windows = plan_run(signals, venues, backtest.window_seconds * SECOND, lives=lives)
    spans = [(w.window.start_ns, w.window.end_ns) for w in windows]
    assert records.io.signals == len(signals) == 29
    assert records.io.windows_loaded == sum(
        len({s.instrument_key for s in w.spans}) for w in windows
    )
    assert records.io.bytes_read > 0
    assert records.io.bytes_full_day > 0
    assert records.fills
    assert all(any(a <= f.ts_event < b for a, b in spans) for f in records.fills)
    moving = {s.signal_id for s in target_changes(signals)}
    assert {o.operation_id for o in records.orders} <= moving
    assert events[-1].windows_done == events[-1].windows_total == len(windows)
    assert {e.window_index for e in events} == set(range(len(windows)))


def test_children_of_an_algorithm_share_their_primary_operation(sample_run):
    records, _ = sample_run
    operation_of = {o.order_id: o.operation_id for o in records.orders}
    children = [o for o in records.orders if "-E" in o.order_id]
    assert children
    for child in children:
        primary = child.order_id.rsplit("-E", 1)[0]
        assert operation_of[primary] == child.operation_id


def test_the_same_inputs_give_the_same_records(store, sample_run):
    assert run_sample(copy_store(store)) == sample_run[0]


def test_a_signal_on_an_unknown_instrument_fails_the_run(store):
    broken = copy_store(store)
    row = {
        "signal_id": "ghost-1",
        "strategy_id": "ghost",
        "instrument_key": "BINANCE-FUTURES:PERPETUAL:SOL-USDT@LIN",
        "ts_event": _signals(store)[0].ts_event,
        "direction": 1,
        "target_quantity": 1.0,
        "order_type": "MARKET",
        "limit_price": None,
        "exec_algorithm": "NORMAL",
        "exec_algorithm_params": "{}",
    }
    table = pa.Table.from_pylist([row], schema=SIGNALS_SCHEMA)
    upload_table(broken, StorageTarget.SIGNALS, signals_path(DAY, "ghost"), table)
    with pytest.raises(UnknownInstrument, match=r"SOL-USDT.*not in the instruments file"):
        run_sample(broken)


@pytest.mark.parametrize("damage", ["missing", "unreadable"])
def test_a_missing_or_unreadable_tick_file_fails_the_run(store, damage):
    path = tick_data_path(DAY, "trades", BTC_BYBIT)
    broken = copy_store(store, keep=lambda target, p: p != path)
    if damage == "unreadable":
        broken.upload(StorageTarget.MARKET_DATA, path, b"not parquet", DataFormat.BYTES)
    with pytest.raises(MissingTickData, match=f"trades of {BTC_BYBIT}"):
        run_sample(broken)


def test_a_window_without_any_tick_fails_the_run(store):
    broken = copy_store(store)
    for data_type, schema in (
        ("trades", TRADES_SCHEMA),
        ("book_snapshot_5", BOOK_SNAPSHOT_5_SCHEMA),
    ):
        path = tick_data_path(DAY, data_type, BTC_BYBIT)
        upload_table(broken, StorageTarget.MARKET_DATA, path, schema.empty_table())
    with pytest.raises(EmptyWindow, match=BTC_BYBIT):
        run_sample(broken)


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        (sample_settings().__class__(), "venues: at least one venue"),
        (sample_settings(window_seconds=0), "window_seconds: 0 must be positive"),
        (sample_settings(max_window_seconds=0), "max_window_seconds: 0 must be positive"),
    ],
)
def test_an_invalid_configuration_is_refused_before_anything_is_read(store, settings, problem):
    before = store.counters
    with pytest.raises(InvalidBacktestConfig, match=problem):
        run_sample(store, settings)
    assert store.counters.bytes_read == before.bytes_read


def test_the_backtest_container_wires_the_use_case_on_the_configured_store():
    container = build_container("backtest", sample_settings())
    assert isinstance(container.infra.profile.run_backtest(), RunBacktest)
    assert container.infra.object_store() is container.infra.profile.store()
    assert container.core.orchestrator() is not None


def test_two_days_run_as_one_with_positions_carried_over_midnight(store):
    two_days = copy_store(store)
    generate_day(two_days, NEXT_DAY, seed=8, scale=0.01)
    settings = sample_settings()
    run_backtest = build_run_backtest(two_days, ControllableClock())
    command = BacktestCommand(run_id=RUN_ID, settings=settings, dates=[NEXT_DAY, DAY])
    records = run_backtest(command)
    assert records.io.signals == 58
    assert {f.ts_event // DAY_NS for f in records.fills} == {
        DAY_START // DAY_NS,
        DAY_START // DAY_NS + 1,
    }
    assert records.config["backtest"]["dates"] == [DAY.isoformat(), NEXT_DAY.isoformat()]
    first_day = run_sample(copy_store(store))
    day_one = [f for f in records.fills if f.ts_event < DAY_START + DAY_NS]
    assert day_one == list(first_day.fills)


def test_progress_reports_each_listing_of_each_window_with_the_bytes_so_far(sample_run):
    records, events = sample_run
    assert len(events) == records.io.windows_loaded
    assert [e.bytes_read for e in events] == sorted(e.bytes_read for e in events)
    assert events[-1].bytes_read == records.io.bytes_read
