"""TWAP, VWAP and Iceberg children as nautilus spawns them, driven by the pure schedulers."""

from __future__ import annotations

import itertools
from decimal import Decimal

import numpy as np
import pyarrow as pa

from adapters.importers.tick_tables import trades_table
from domain.enums import ExecAlgorithm, OrderStatus
from tests.backtest import tiny_market as tm
from tests.backtest.engine_runs import EngineRun, window_at


def _children(records, operation_id):
    return [o for o in records.orders if o.operation_id == operation_id]


def _filled(records, order_ids):
    return sum((f.quantity for f in records.fills if f.order_id in order_ids), Decimal(0))


def test_twap_sends_equal_slices_every_interval_and_the_primary_last():
    window = window_at(1)
    params = {"horizon_secs": 60, "interval_secs": 10}
    signal = tm.signal(1, window.start_ns, "1.2", algorithm=ExecAlgorithm.TWAP, params=params)
    records = EngineRun([signal], [window])()
    orders = _children(records, signal.signal_id)
    assert [o.quantity for o in orders] == [Decimal("0.2")] * 6
    start = window.start_ns / 1e9
    spawned = sorted(o.created_at.timestamp() for o in orders if "-E" in o.order_id)
    assert spawned == [start + 10 * k for k in range(5)]
    (primary,) = [o.order_id for o in orders if "-E" not in o.order_id]
    (last_fill,) = [f.ts_event for f in records.fills if f.order_id == primary]
    assert last_fill >= window.start_ns + 50 * tm.SECOND
    assert all(o.status is OrderStatus.FILLED for o in orders)
    assert _filled(records, {o.order_id for o in orders}) == Decimal("1.2")


def test_vwap_weights_slices_by_the_volume_before_the_order_never_after():
    history, window = window_at(0.5, minutes=1), window_at(1)
    params = {"horizon_secs": 60, "interval_secs": 30, "profile_period_secs": 1_800}
    signal = tm.signal(1, window.start_ns, "1", algorithm=ExecAlgorithm.VWAP, params=params)
    run = EngineRun([signal], [history, window])
    # Earlier, 30 minutes before: three times the volume in the second half-minute.
    # In the order's own window the pattern is reversed; reading it would invert the split.
    patterns = {0: (0.01, 0.03), 1: (0.03, 0.01)}
    run.ticks = lambda: _patterned_ticks(run, patterns)
    records = run()
    quantities = {
        o.order_id.rpartition("-")[2]: o.quantity for o in _children(records, "alpha-001")
    }
    # E1 is the first slot; the primary order itself goes out last, as the second slot.
    assert quantities.pop("E1") == Decimal("0.25")
    assert list(quantities.values()) == [Decimal("0.75")]


def _patterned_ticks(run, patterns):
    from ports.backtest_engine import WindowTicks

    for index, window in enumerate(run.windows):
        start, end = window.start_ns, window.end_ns
        ts = np.arange(start, end, tm.SECOND // 10, dtype=np.int64)
        first, second = patterns[index]
        sizes = np.where(ts < start + 30 * tm.SECOND, first, second)
        sides = np.where(np.arange(ts.size) % 2 == 0, 1, 2)
        trades = trades_table(
            tm.BTC_BINANCE,
            price=np.full(ts.size, 30_000.0),
            size=sizes,
            aggressor_side=sides,
            trade_id=pa.array([f"t{index}-{n}" for n in range(ts.size)]),
            ts_event=ts,
            ts_init=ts,
        )
        books = tm.books(run.listings[0], start - tm.SECOND, end, seed=index)
        yield WindowTicks(
            index=index,
            window=window,
            trades={tm.BTC_BINANCE: trades},
            books={tm.BTC_BINANCE: books},
        )


def test_iceberg_shows_one_child_at_a_time_each_after_the_last_filled():
    window = window_at(1)
    params = {"visible_quantity": "0.3"}
    signal = tm.signal(
        1, window.start_ns, "1", algorithm=ExecAlgorithm.ICEBERG, params=params, limit="31000"
    )
    records = EngineRun([signal], [window])()
    orders = sorted(_children(records, signal.signal_id), key=lambda o: o.order_id)
    assert sorted(o.quantity for o in orders) == [Decimal("0.1")] + [Decimal("0.3")] * 3
    assert all(o.status is OrderStatus.FILLED for o in orders)
    fills = sorted(records.fills, key=lambda f: (f.ts_event, f.fill_id))
    last_fill_of = {}
    for fill in fills:
        last_fill_of[fill.order_id] = fill.ts_event
    spawned = sorted((o for o in orders if "-E" in o.order_id), key=lambda o: o.order_id)
    for before, after in itertools.pairwise(spawned):
        assert after.created_at.timestamp() * 1e9 >= last_fill_of[before.order_id] - 1_000


def test_a_resting_iceberg_shows_only_its_visible_quantity():
    window = window_at(1)
    signal = tm.signal(
        1,
        window.start_ns,
        "1",
        algorithm=ExecAlgorithm.ICEBERG,
        params={"visible_quantity": "0.3"},
        limit="29000",
    )
    records = EngineRun([signal], [window])()
    # one child of the visible size rested until its window's data ended, then expired
    # together with the primary holding the 0.7 never shown
    orders = _children(records, signal.signal_id)
    assert sorted((o.quantity, o.status) for o in orders) == [
        (Decimal("0.3"), OrderStatus.EXPIRED),
        (Decimal("0.7"), OrderStatus.EXPIRED),
    ]
    assert not records.fills


def test_normal_orders_go_out_whole_without_children():
    window = window_at(1)
    signal = tm.signal(1, window.start_ns, "0.7")
    records = EngineRun([signal], [window])()
    orders = _children(records, signal.signal_id)
    assert [(o.quantity, o.status) for o in orders] == [(Decimal("0.7"), OrderStatus.FILLED)]


def test_a_new_signal_on_the_stream_cancels_the_running_algorithm():
    window = window_at(1)
    params = {"horizon_secs": 120, "interval_secs": 20}
    twap = tm.signal(1, window.start_ns, "1.2", algorithm=ExecAlgorithm.TWAP, params=params)
    flat = tm.signal(2, window.start_ns + 45 * tm.SECOND, "0")
    run = EngineRun([twap, flat], [window])
    records = run()
    orders = _children(records, twap.signal_id)
    spawned = [o for o in orders if "-E" in o.order_id]
    assert [o.quantity for o in spawned] == [Decimal("0.2")] * 3  # at 0 s, 20 s and 40 s
    (primary,) = [o for o in orders if "-E" not in o.order_id]
    assert (primary.status, primary.quantity) == (OrderStatus.CANCELED, Decimal("0.6"))
    closing = _children(records, flat.signal_id)
    assert [(o.side.value, o.quantity) for o in closing] == [("SELL", Decimal("0.6"))]
    assert run.seen["net"]["BTCUSDT-PERP.BINANCE"] == 0
    assert not any(run.seen["exposure"].values())
