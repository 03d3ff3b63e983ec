"""The real Binance BTCUSDT recording moved to span midnight, stored as two days.

The recording (2024-08-08 23:54:16 -> 23:59:59 UTC) is imported once, every timestamp is
moved `SHIFT_NS` later so it runs to 00:02:59 of the next day, and its rows are split at
midnight into the two days' files, as a recorder rotating at midnight would leave them.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from adapters.importers.object_paths import (
    BOOK_SNAPSHOT_5,
    TRADES,
    instruments_path,
    signals_path,
    tick_data_path,
)
from adapters.importers.upload import upload_table
from adapters.memory.clock import ControllableClock
from adapters.memory.object_store import MemoryObjectStore
from adapters.sample_day.instruments import SAMPLE_INSTRUMENTS, instruments_table
from adapters.sample_day.signals import SIGNALS_SCHEMA
from application.backtest import BacktestCommand
from application.backtest.windows import day_start_ns
from application.settings.schema import BacktestSettings, Settings, StorageSettings, VenueSettings
from bootstrap.containers.backtest_infra import build_run_backtest
from domain.run_records import RunRecords
from ports.object_store import StorageTarget
from tests.data_import.real_samples import BTC_WS, imported

DAY1, DAY2 = date(2024, 8, 8), date(2024, 8, 9)
MIDNIGHT_NS = day_start_ns(DAY2)
SECOND_NS = 1_000_000_000
SHIFT_NS = 180 * SECOND_NS
BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
RUN_ID = "BT-20240809-000000-abcdef"
STRATEGY = "real-s1"


@cache
def shifted() -> dict[str, pa.Table]:
    """The recording's trades and book rows, `SHIFT_NS` later."""
    recording = imported(BTC_WS)
    moved = {}
    for data_type, table in ((TRADES, recording.trades), (BOOK_SNAPSHOT_5, recording.book)):
        for column in ("ts_event", "ts_init"):
            at = table.schema.get_field_index(column)
            table = table.set_column(at, column, pc.add(table.column(column), SHIFT_NS))
        moved[data_type] = table
    return moved


def data_range_ns() -> tuple[int, int]:
    trades = shifted()[TRADES].column("ts_event")
    return pc.min(trades).as_py(), pc.max(trades).as_py()


def a_signal(number: int, ts_ns: int, target: str, **execution: Any) -> dict[str, Any]:
    quantity = Decimal(target)
    return {
        "signal_id": f"real-{number}",
        "strategy_id": STRATEGY,
        "instrument_key": BTC,
        "ts_event": ts_ns,
        "direction": (quantity > 0) - (quantity < 0),
        "target_quantity": float(quantity),
        "order_type": execution.get("order_type", "MARKET"),
        "limit_price": execution.get("limit_price"),
        "exec_algorithm": execution.get("algorithm", "NORMAL"),
        "exec_algorithm_params": json.dumps(execution.get("params", {})),
    }


def two_day_store(
    signals: list[dict[str, Any]], tick_days: tuple[date, ...] = (DAY1, DAY2)
) -> MemoryObjectStore:
    """Both days' instruments (Binance BTC) and signals; trades and books of `tick_days`."""
    store = MemoryObjectStore()
    btc = tuple(i for i in SAMPLE_INSTRUMENTS if i.key == BTC)
    for day in (DAY1, DAY2):
        begins = day_start_ns(day)
        for data_type, table in shifted().items() if day in tick_days else ():
            ts = table.column("ts_event")
            rows = table.filter(
                pc.and_(pc.greater_equal(ts, begins), pc.less(ts, begins + 86_400 * SECOND_NS))
            )
            upload_table(
                store, StorageTarget.MARKET_DATA, tick_data_path(day, data_type, BTC), rows
            )
        upload_table(
            store, StorageTarget.INSTRUMENTS, instruments_path(day), instruments_table(day, btc)
        )
        todays = [s for s in signals if begins <= s["ts_event"] < begins + 86_400 * SECOND_NS]
        upload_table(
            store,
            StorageTarget.SIGNALS,
            signals_path(day, STRATEGY),
            pa.Table.from_pylist(todays, schema=SIGNALS_SCHEMA),
        )
    return store


def real_settings(venues: tuple[str, ...] = ("BINANCE-FUTURES",), **backtest: Any) -> Settings:
    return Settings(
        venues=[VenueSettings(venue_id=v, taker_fee=Decimal("0.0004")) for v in venues],
        backtest=BacktestSettings(**{"dates": [DAY1.isoformat(), DAY2.isoformat()], **backtest}),
        storage=StorageSettings(backend="memory"),
    )


def run_real(
    store: MemoryObjectStore,
    settings: Settings | None = None,
    days: tuple[date, ...] = (DAY1, DAY2),
) -> RunRecords:
    run_backtest = build_run_backtest(store, ControllableClock())
    command = BacktestCommand(run_id=RUN_ID, settings=settings or real_settings(), dates=days)
    return run_backtest(command)
