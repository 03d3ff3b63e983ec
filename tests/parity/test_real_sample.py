"""A real recording (Binance BTCUSDT, 2024-08-08 23:54-24:00) through both worlds: the same
child orders, within the named tolerances."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest

from adapters.importers.object_paths import (
    BOOK_SNAPSHOT_5,
    TRADES,
    instruments_path,
    signals_path,
    tick_data_path,
)
from adapters.importers.upload import upload_table
from adapters.memory.object_store import MemoryObjectStore
from adapters.sample_day.instruments import SAMPLE_INSTRUMENTS, instruments_table
from adapters.sample_day.signals import SIGNALS_SCHEMA
from application.settings.schema import BacktestSettings, Settings, StorageSettings, VenueSettings
from bench.parity import ParityReport, run_parity
from ports.object_store import StorageTarget
from tests.backtest.real_days import BTC, DAY1, STRATEGY, a_signal
from tests.data_import.real_samples import BTC_WS, imported

AT = 1_723_161_256_000_000_000  # 23:54:16, the recording's first second
S = 1_000_000_000
SIGNALS = [
    a_signal(1, AT + 14 * S, "0.5"),
    a_signal(2, AT + 44 * S, "0.8", order_type="LIMIT", limit_price=61_900.0),
    a_signal(
        3, AT + 74 * S, "-0.3", algorithm="TWAP", params={"horizon_secs": 60, "interval_secs": 10}
    ),
    a_signal(
        4, AT + 149 * S, "0.4", algorithm="VWAP", params={"horizon_secs": 60, "interval_secs": 15}
    ),
    a_signal(
        5,
        AT + 224 * S,
        "-0.2",
        order_type="LIMIT",
        limit_price=61_500.0,
        algorithm="ICEBERG",
        params={"visible_quantity": "0.1"},
    ),
    a_signal(6, AT + 284 * S, "0"),
]


def real_store(signals: list[dict[str, Any]]) -> MemoryObjectStore:
    recording = imported(BTC_WS)
    store = MemoryObjectStore()
    for data_type, table in ((TRADES, recording.trades), (BOOK_SNAPSHOT_5, recording.book)):
        upload_table(store, StorageTarget.MARKET_DATA, tick_data_path(DAY1, data_type, BTC), table)
    btc = tuple(i for i in SAMPLE_INSTRUMENTS if i.key == BTC)
    upload_table(
        store, StorageTarget.INSTRUMENTS, instruments_path(DAY1), instruments_table(DAY1, btc)
    )
    upload_table(
        store,
        StorageTarget.SIGNALS,
        signals_path(DAY1, STRATEGY),
        pa.Table.from_pylist(signals, schema=SIGNALS_SCHEMA),
    )
    return store


@pytest.fixture(scope="module")
def report() -> ParityReport:
    settings = Settings(
        venues=[VenueSettings(venue_id="BINANCE-FUTURES", taker_fee=Decimal("0.0004"))],
        backtest=BacktestSettings(dates=[DAY1.isoformat()]),
        storage=StorageSettings(backend="memory"),
    )
    return run_parity(real_store(SIGNALS), settings, day=DAY1)


def test_every_kind_of_order_reaches_the_venue(report: ParityReport) -> None:
    parents = {c.parent for c in report.backtest}
    assert parents == {s["signal_id"] for s in SIGNALS}, report.lines()
    assert {c.side for c in report.backtest} == {"BUY", "SELL"}
    algorithms = {report.algorithm_of[p] for p in parents}
    assert algorithms == {"NORMAL", "TWAP", "VWAP", "ICEBERG"}


def test_both_worlds_send_the_same_child_orders_on_real_data(report: ParityReport) -> None:
    print("\n".join(report.lines()))
    assert len(report.backtest) == len(report.live) >= 15
    assert report.clip_problems() == []
    assert report.within_tolerances == report.total, report.lines()
