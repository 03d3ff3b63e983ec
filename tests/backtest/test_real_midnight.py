"""Backtests of the real BTCUSDT recording moved across midnight: every signal executes,
no fill without data behind it, a market order larger than the book completes."""

from __future__ import annotations

import logging
from decimal import Decimal

from domain.enums import OrderStatus
from tests.backtest.real_days import (
    DAY1,
    MIDNIGHT_NS,
    SECOND_NS,
    a_signal,
    data_range_ns,
    real_settings,
    run_real,
    shifted,
    two_day_store,
)

MINUTE_NS = 60 * SECOND_NS


def _final_position(records, key="BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"):
    return [p.quantity for p in records.positions if p.instrument_key == key][-1]


def test_two_days_with_a_window_across_midnight_execute_every_signal() -> None:
    signals = [
        a_signal(1, MIDNIGHT_NS - 2 * MINUTE_NS, "0.25"),
        a_signal(2, MIDNIGHT_NS - 30 * SECOND_NS, "-0.1"),  # its window runs into day 2
        a_signal(3, MIDNIGHT_NS + 20 * SECOND_NS, "0.5"),
        a_signal(4, MIDNIGHT_NS + 90 * SECOND_NS, "0.8"),
    ]
    records = run_real(two_day_store(signals))
    operations = {o.operation_id for o in records.orders}
    assert operations == {s["signal_id"] for s in signals}
    assert all(o.status is OrderStatus.FILLED for o in records.orders)
    assert _final_position(records) == Decimal("0.8")
    assert any(f.ts_event >= MIDNIGHT_NS for f in records.fills)


def test_a_twap_longer_than_the_window_gets_the_data_of_its_whole_horizon() -> None:
    start = MIDNIGHT_NS - 40 * SECOND_NS
    twap = {"algorithm": "TWAP", "params": {"horizon_secs": 90, "interval_secs": 30}}
    store = two_day_store([a_signal(1, start, "0.3", **twap)])
    records = run_real(store, real_settings(window_seconds=60))
    assert sum(f.quantity for f in records.fills) == Decimal("0.3")
    times = sorted(f.ts_event for f in records.fills)
    assert times[-1] >= start + 60 * SECOND_NS  # slices past the configured window filled
    assert times[-1] <= data_range_ns()[1]


def test_no_fill_after_the_data_ends_and_what_was_working_expires(caplog) -> None:
    """Day 2 is missing: the window is cut at midnight, later slices never fill."""
    start = MIDNIGHT_NS - 40 * SECOND_NS
    twap = {"algorithm": "TWAP", "params": {"horizon_secs": 90, "interval_secs": 30}}
    store = two_day_store([a_signal(1, start, "0.3", **twap)], tick_days=(DAY1,))
    with caplog.at_level(logging.WARNING):
        records = run_real(store, real_settings(dates=[DAY1.isoformat()]), days=(DAY1,))
    assert records.fills
    assert all(f.ts_event < MIDNIGHT_NS for f in records.fills)
    assert sum(f.quantity for f in records.fills) < Decimal("0.3")
    assert OrderStatus.EXPIRED in {o.status for o in records.orders}
    assert "cut at 2024-08-09T00:00:00" in caplog.text
    assert "END_OF_WINDOW" in caplog.text


def test_a_market_order_larger_than_the_visible_book_completes_as_the_book_refills() -> None:
    at = MIDNIGHT_NS + MINUTE_NS
    book = shifted()["book_snapshot_5"]
    visible = _visible_asks(book, at)
    quantity = Decimal(int(visible * 3) + 1)
    records = run_real(two_day_store([a_signal(1, at, str(quantity))]))
    (order,) = records.orders
    assert order.status is OrderStatus.FILLED
    fills = [f for f in records.fills if f.order_id == order.order_id]
    assert sum(f.quantity for f in fills) == quantity
    assert len({f.ts_event for f in fills}) > 1  # the rest filled on later books


def _visible_asks(book, at_ns: int) -> float:
    rows = book.filter(book.column("ts_event").to_numpy() <= at_ns)
    last = rows.slice(rows.num_rows - 1).to_pylist()[0]
    return sum(last[f"ask_size_{level}"] or 0 for level in range(5))
