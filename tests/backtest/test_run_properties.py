"""Property: whatever the signals and windows, a run executes every signal it loaded or
fails naming them, and every fill happens inside loaded data at a price that data saw."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.datasets.instruments import InstrumentsReader
from adapters.datasets.signals import StoreSignalSource
from adapters.datasets.windowed_loader import DayCrossingTicks
from adapters.memory.clock import ControllableClock
from adapters.nautilus.engine import NautilusBacktestEngine
from application.backtest import BacktestCommand
from application.backtest.errors import MissingTickData, SignalsNotExecuted
from application.backtest.run_backtest import RunBacktest
from application.signals.windows import target_changes
from tests.backtest.real_days import (
    DAY1,
    DAY2,
    RUN_ID,
    SECOND_NS,
    a_signal,
    data_range_ns,
    real_settings,
    shifted,
    two_day_store,
)

LOOKBACK_NS = 60 * SECOND_NS
LO, HI = data_range_ns()


@st.composite
def signal_sets(draw):
    count = draw(st.integers(1, 5))
    times = sorted(draw(st.lists(st.integers(LO, HI - SECOND_NS), min_size=count, max_size=count)))
    signals = []
    for number, ts in enumerate(times, 1):
        target = f"{draw(st.integers(-20, 20)) * 0.05:.2f}"
        kind = draw(st.sampled_from(["market", "twap", "limit"]))
        execution = {}
        if kind == "twap":
            interval = draw(st.integers(5, 60))
            horizon = interval * draw(st.integers(1, 6))
            execution = {
                "algorithm": "TWAP",
                "params": {"horizon_secs": horizon, "interval_secs": interval},
            }
        elif kind == "limit":
            price = _last_trade_price(ts) * (1 + draw(st.integers(-10, 10)) / 10_000)
            execution = {"order_type": "LIMIT", "limit_price": round(price, 1)}
        signals.append(a_signal(number, ts, target, **execution))
    return signals


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    signals=signal_sets(),
    window_s=st.integers(10, 300),
    max_window_s=st.integers(10, 600),
    second_day=st.booleans(),
)
def test_every_signal_executes_or_is_named_and_every_fill_has_data_behind_it(
    signals, window_s, max_window_s, second_day
) -> None:
    days: tuple[date, ...] = (DAY1, DAY2) if second_day else (DAY1,)
    store = two_day_store(signals, tick_days=days)
    settings_ = real_settings(
        dates=[d.isoformat() for d in days],
        window_seconds=window_s,
        max_window_seconds=max_window_s,
    )
    command = BacktestCommand(run_id=RUN_ID, settings=settings_, dates=days)
    seen = {}
    engine = NautilusBacktestEngine(inspect=lambda _e, s: seen.update(handled=set(s.handled)))
    run = RunBacktest(
        store=store,
        engine=engine,
        clock=ControllableClock(),
        instruments=InstrumentsReader(store),
        signals=StoreSignalSource(store),
        ticks=DayCrossingTicks(store),
    )
    plan = run.plan(command)
    moving = {s.signal_id for s in target_changes(plan.setup.signals)}
    records, failed = _outcome(run, command)
    if failed is not None:  # the FAILED summary's error is this message
        assert failed.signal_ids
        assert set(failed.signal_ids) <= moving
        assert all(signal_id in str(failed) for signal_id in failed.signal_ids[:20])
        return
    assert moving <= seen["handled"]
    loaded = _loaded_spans(plan)
    limits = {o.order_id: o.price for o in records.orders if o.price is not None}
    for fill in records.fills:
        ranges = [r for (a, b, r) in loaded[fill.instrument_key] if a <= fill.ts_event < b]
        assert ranges, f"fill {fill.fill_id} at {fill.ts_event} outside every loaded span"
        low, high = ranges[0]
        # a resting limit crossed by the market fills at its own price: the order set it
        at_own_limit = limits.get(fill.order_id) == fill.price
        assert at_own_limit or low <= float(fill.price) <= high


def _outcome(run, command):
    try:
        return run(command), None
    except (SignalsNotExecuted, MissingTickData) as failed:
        return None, failed


def _loaded_spans(plan) -> dict[str, list[tuple[int, int, tuple[float, float]]]]:
    """Per listing: each run window's loaded span and the prices its data traded or quoted."""
    found: dict[str, list[tuple[int, int, tuple[float, float]]]] = {}
    for window in plan.windows:
        for key in {s.instrument_key for s in window.spans}:
            spans = [s for s in window.spans if s.instrument_key == key]
            start, end = min(s.start_ns for s in spans), max(s.end_ns for s in spans)
            found.setdefault(key, []).append((start, end, _price_range(start, end)))
    return found


def _price_range(start: int, end: int) -> tuple[float, float]:
    trades, book = shifted()["trades"], shifted()["book_snapshot_5"]
    ts = trades.column("ts_event").to_numpy()
    prices = list(trades.column("price").to_numpy()[(ts >= start) & (ts < end)])
    book_ts = book.column("ts_event").to_numpy()
    first = max(0, int(np.searchsorted(book_ts, start)) - 1)  # the book the window opens on
    rows = (np.arange(len(book_ts)) >= first) & (book_ts < end) & (book_ts >= start - LOOKBACK_NS)
    for side in ("bid", "ask"):
        for level in range(5):
            column = book.column(f"{side}_price_{level}").to_numpy(zero_copy_only=False)[rows]
            prices += [p for p in column if p == p and p > 0]
    return min(prices), max(prices)


def _last_trade_price(ts_ns: int) -> float:
    trades = shifted()["trades"]
    ts = trades.column("ts_event").to_numpy()
    index = max(0, int(np.searchsorted(ts, ts_ns)) - 1)
    return float(trades.column("price")[index].as_py())
