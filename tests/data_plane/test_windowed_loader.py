"""The windowed loader: only planned windows are read, and the report adds up."""

from __future__ import annotations

from datetime import date

import pyarrow.compute as pc
import pytest

from adapters.datasets.windowed_loader import WindowedTickLoader
from adapters.importers.object_paths import tick_data_path
from adapters.memory.object_store import MemoryObjectStore
from application.signals.windows import LoadWindow, plan_windows
from domain.ids import SignalId
from domain.signal import Signal
from ports.object_store import DataFormat, StorageTarget
from ports.storage_errors import ObjectNotFound
from tests.data_plane.builders import BTC_PERP, DAY_START_NS, a_signal, book_table, trades_table

DAY = date(2024, 1, 1)
HOUR = 3_600 * 10**9


@pytest.fixture(scope="module")
def trades():
    return trades_table(50_000)


@pytest.fixture
def store(trades) -> MemoryObjectStore:
    store = MemoryObjectStore()
    for data_type, table in (("trades", trades), ("book_snapshot_5", book_table(5_000))):
        path = tick_data_path(DAY, data_type, BTC_PERP)
        store.upload(StorageTarget.MARKET_DATA, path, table, DataFormat.PARQUET)
    return store


def signal(n: int, hour: int, target: str) -> Signal:
    return a_signal(n, DAY_START_NS + hour * HOUR, target)


def test_windows_load_exactly_their_rows_and_report_the_reduction(store, trades) -> None:
    windows = plan_windows([signal(1, 2, "1"), signal(2, 9, "1"), signal(3, 15, "-1")])
    assert len(windows) == 2
    store.reset_counters()
    load = WindowedTickLoader(store).load(DAY, windows)
    report = load.report
    assert report.windows == 2
    assert report.bytes_read == store.counters.bytes_read
    assert report.requests == store.counters.read_requests
    full_day = sum(
        store.size(StorageTarget.MARKET_DATA, tick_data_path(DAY, data_type, BTC_PERP))
        for data_type in ("trades", "book_snapshot_5")
    )
    assert report.bytes_full_day == full_day
    assert report.io_reduction_pct == pytest.approx(100 * (1 - report.bytes_read / full_day))
    assert report.io_reduction_pct > 50
    first = next(t for t in load.ticks if t.data_type == "trades")
    ts = trades.column("ts_event")
    expected = trades.filter(
        pc.and_(pc.greater_equal(ts, windows[0].start_ns), pc.less(ts, windows[0].end_ns))
    )
    assert first.table.equals(expected)
    assert report.rows == sum(t.table.num_rows for t in load.ticks)


def test_column_projection_per_data_type_is_passed_through(store) -> None:
    windows = plan_windows([signal(1, 4, "1")])
    loader = WindowedTickLoader(store, ["trades"], columns={"trades": ["price", "ts_event"]})
    (ticks,) = loader.load(DAY, windows).ticks
    assert ticks.table.column_names == ["price", "ts_event"]


def test_a_window_on_an_instrument_without_data_fails_loudly(store) -> None:
    window = LoadWindow(
        instrument_key="OKX:PERPETUAL:ETH-USDT@LIN",
        start_ns=DAY_START_NS,
        end_ns=DAY_START_NS + HOUR,
        signal_ids=(SignalId("s1"),),
    )
    with pytest.raises(ObjectNotFound, match="OKX:PERPETUAL:ETH-USDT@LIN"):
        WindowedTickLoader(store).load(DAY, [window])


def test_no_windows_read_nothing(store) -> None:
    store.reset_counters()
    report = WindowedTickLoader(store).load(DAY, []).report
    assert (report.bytes_read, report.bytes_full_day, report.io_reduction_pct) == (0, 0, 0.0)


def test_a_window_across_midnight_reads_both_days_files_in_time_order() -> None:
    from datetime import timedelta

    from adapters.datasets.windowed_loader import DayCrossingTicks
    from adapters.importers.upload import upload_table
    from tests.data_plane.builders import DAY_NS

    next_day = DAY + timedelta(days=1)
    store = MemoryObjectStore()
    first, second = (
        trades_table(5_000, seed=1),
        trades_table(5_000, seed=2, start_ns=DAY_START_NS + DAY_NS),
    )
    for day, table in ((DAY, first), (next_day, second)):
        upload_table(
            store, StorageTarget.MARKET_DATA, tick_data_path(day, "trades", BTC_PERP), table
        )
    ticks = DayCrossingTicks(store)
    midnight = DAY_START_NS + DAY_NS
    window = (midnight - HOUR, midnight + HOUR)
    read = ticks.read(DAY, "trades", BTC_PERP, window, ["ts_event", "price"])
    ts = read.column("ts_event").to_pylist()
    expected = [
        t
        for t in first.column("ts_event").to_pylist() + second.column("ts_event").to_pylist()
        if window[0] <= t < window[1]
    ]
    assert ts == expected
    assert min(ts) < midnight <= max(ts)
    assert ticks.has_day(next_day, BTC_PERP)
    assert not ticks.has_day(next_day + timedelta(days=1), BTC_PERP)
    with pytest.raises(ObjectNotFound):
        ticks.read(next_day, "trades", BTC_PERP, (midnight, midnight + DAY_NS + HOUR))
