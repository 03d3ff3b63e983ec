"""The sample-day generator on a small scale: exact schemas, layout, determinism, realism."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import numpy as np
import pyarrow as pa
import pytest

from adapters.memory.object_store import MemoryObjectStore
from adapters.sample_day.calibration import BTC
from adapters.sample_day.generator import DaySummary, generate_day
from adapters.sample_day.instruments import SAMPLE_INSTRUMENTS
from application.algorithms.param_parsing import parse_params
from domain.enums import ExecAlgorithm
from domain.instrument_key import InstrumentKey
from ports.object_store import DataFormat, StorageTarget
from tests.data_import.stored_objects import parquet_metadata, stored_objects

DAY = date(2024, 8, 8)
DAY_START = int(datetime(2024, 8, 8, tzinfo=UTC).timestamp()) * 10**9
DAY_NS = 86_400 * 10**9
SCALE = 0.005
KEYS = {
    "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN",
    "BINANCE-FUTURES:PERPETUAL:ETH-USDT@LIN",
    "BYBIT:PERPETUAL:BTC-USDT@LIN",
    "BYBIT:PERPETUAL:ETH-USDT@LIN",
    "OKX:PERPETUAL:BTC-USDT@LIN",
    "OKX:PERPETUAL:ETH-USDT@LIN",
    "DERIBIT:PERPETUAL:BTC-USD@INV",
}
# CONTRACTS §2, written out here so that a drift in the code cannot hide.
TRADES_COLUMNS = [
    ("instrument_key", pa.string()),
    ("price", pa.float64()),
    ("size", pa.float64()),
    ("aggressor_side", pa.int8()),
    ("trade_id", pa.string()),
    ("ts_event", pa.int64()),
    ("ts_init", pa.int64()),
]
BOOK_COLUMNS = [("instrument_key", pa.string()), ("ts_event", pa.int64()), ("ts_init", pa.int64())]
BOOK_COLUMNS += [
    (f"{side}_{what}_{level}", pa.float64())
    for side in ("bid", "ask")
    for what in ("price", "size")
    for level in range(5)
]
SIGNAL_COLUMNS = [
    ("signal_id", pa.string()),
    ("strategy_id", pa.string()),
    ("instrument_key", pa.string()),
    ("ts_event", pa.int64()),
    ("direction", pa.int8()),
    ("target_quantity", pa.float64()),
    ("order_type", pa.string()),
    ("limit_price", pa.float64()),
    ("exec_algorithm", pa.string()),
    ("exec_algorithm_params", pa.string()),
]
INSTRUMENT_COLUMNS = [
    "instrument_key",
    "venue",
    "instrument_type",
    "symbol",
    "base_asset",
    "quote_asset",
    "settle_asset",
    "tick_size",
    "min_size",
    "contract_size",
    "inverse",
    "available_from_datetime",
    "available_to_datetime",
    "data_types",
]


@pytest.fixture(scope="module")
def day() -> tuple[MemoryObjectStore, DaySummary]:
    store = MemoryObjectStore()
    return store, generate_day(store, DAY, seed=11, scale=SCALE)


INSTRUMENTS_PATH = "instrument_availability/by_date/day-2024-08-08/instruments.parquet"
STRATEGIES = ("momentum-v1", "carry-v1")


def signals_path(strategy: str) -> str:
    return f"signals/by_date/day-2024-08-08/{strategy}.parquet"


def tick_path(data_type: str, key: str) -> str:
    return f"raw_tick_data/by_date/day-2024-08-08/data_type-{data_type}/{key}.parquet"


def read(store: MemoryObjectStore, target: StorageTarget, path: str) -> pa.Table:
    return store.download(target, path, DataFormat.PARQUET)


def test_same_seed_gives_byte_identical_files_and_another_seed_does_not() -> None:
    first, again, other = MemoryObjectStore(), MemoryObjectStore(), MemoryObjectStore()
    generate_day(first, DAY, seed=5, scale=0.001)
    generate_day(again, DAY, seed=5, scale=0.001)
    generate_day(other, DAY, seed=6, scale=0.001)
    first_objects, other_objects = stored_objects(first), stored_objects(other)
    assert first_objects == stored_objects(again)
    assert first_objects.keys() == other_objects.keys()
    seeded = [name for name in first_objects if name[0] is not StorageTarget.INSTRUMENTS]
    assert all(first_objects[name] != other_objects[name] for name in seeded)


def test_every_object_is_where_contracts_put_it(day: tuple[MemoryObjectStore, DaySummary]) -> None:
    store, summary = day
    expected = {
        (StorageTarget.MARKET_DATA, tick_path(kind, key))
        for key in KEYS
        for kind in ("trades", "book_snapshot_5")
    }
    expected.add((StorageTarget.INSTRUMENTS, INSTRUMENTS_PATH))
    expected |= {(StorageTarget.SIGNALS, signals_path(name)) for name in STRATEGIES}
    objects = stored_objects(store)
    assert set(objects) == expected
    assert {(o.target, o.path) for o in summary.objects} == expected
    assert summary.total_bytes == sum(len(data) for data in objects.values())


@pytest.mark.parametrize(
    ("data_type", "columns"), [("trades", TRADES_COLUMNS), ("book_snapshot_5", BOOK_COLUMNS)]
)
def test_tick_files_have_the_exact_schema_sorted_within_the_day(
    day: tuple[MemoryObjectStore, DaySummary],
    data_type: str,
    columns: list[tuple[str, pa.DataType]],
) -> None:
    store, _ = day
    for key in KEYS:
        table = read(store, StorageTarget.MARKET_DATA, tick_path(data_type, key))
        assert [(f.name, f.type) for f in table.schema] == columns
        ts = table.column("ts_event").to_numpy()
        assert np.all(np.diff(ts) >= 0)
        assert ts[0] >= DAY_START
        assert ts[-1] < DAY_START + DAY_NS
        assert np.all(table.column("ts_init").to_numpy() >= ts)
        assert set(table.column("instrument_key").to_pylist()) == {key}


def test_trade_files_are_written_like_upstream(day: tuple[MemoryObjectStore, DaySummary]) -> None:
    store, summary = day
    path = tick_path("trades", "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN")
    metadata = parquet_metadata(store, StorageTarget.MARKET_DATA, path)
    assert metadata.num_rows == summary.trades["BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"]
    sizes = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    assert metadata.num_row_groups > 1
    assert set(sizes[:-1]) == {10_000}
    assert sizes[-1] <= 10_000
    previous_max = 0
    for i in range(metadata.num_row_groups):
        ts = metadata.row_group(i).column(5)
        assert ts.path_in_schema == "ts_event"
        assert ts.compression == "ZSTD"
        assert ts.statistics.has_min_max
        assert ts.statistics.min >= previous_max
        assert ts.has_column_index
        assert ts.has_offset_index
        previous_max = ts.statistics.max


def test_trades_sit_on_tick_and_lot_grids(day: tuple[MemoryObjectStore, DaySummary]) -> None:
    store, summary = day
    for instrument in SAMPLE_INSTRUMENTS:
        trades = read(store, StorageTarget.MARKET_DATA, tick_path("trades", instrument.key))
        assert trades.num_rows == round(instrument.trades_per_day * SCALE)
        prices = trades.column("price").to_numpy() / instrument.tick_size
        assert np.allclose(prices, np.round(prices), atol=1e-6)
        lot = instrument.contract_size if instrument.inverse else instrument.min_size
        lots = trades.column("size").to_numpy() / lot
        assert np.allclose(lots, np.round(lots), atol=1e-6)
        assert lots.min() >= 1 - 1e-9
        assert set(trades.column("aggressor_side").to_pylist()) == {1, 2}
        assert len(trades.column("trade_id").unique()) == trades.num_rows
    assert summary.trades["BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"] == max(summary.trades.values())


def test_snapshots_agree_with_the_trades_printed(day: tuple[MemoryObjectStore, DaySummary]) -> None:
    store, _ = day
    for key in KEYS:
        trades = read(store, StorageTarget.MARKET_DATA, tick_path("trades", key)).to_pydict()
        book = read(store, StorageTarget.MARKET_DATA, tick_path("book_snapshot_5", key)).to_pydict()
        bid, ask = np.array(book["bid_price_0"]), np.array(book["ask_price_0"])
        assert np.all(bid < ask)
        for level in range(1, 5):
            assert np.all(np.array(book[f"bid_price_{level}"]) < book[f"bid_price_{level - 1}"])
            assert np.all(np.array(book[f"ask_price_{level}"]) > book[f"ask_price_{level - 1}"])
        ts = np.array(trades["ts_event"])
        last = np.searchsorted(ts, book["ts_event"], side="right") - 1
        seen = last >= 0
        price = np.array(trades["price"])[last[seen]]
        buyer = np.array(trades["aggressor_side"])[last[seen]] == 1
        assert np.all(np.where(buyer, price >= ask[seen], price <= bid[seen]))
        assert np.all(np.abs(price / ((bid[seen] + ask[seen]) / 2) - 1) < 0.005)


def test_instruments_file_has_every_required_column(
    day: tuple[MemoryObjectStore, DaySummary],
) -> None:
    store, _ = day
    table = read(store, StorageTarget.INSTRUMENTS, INSTRUMENTS_PATH)
    assert table.column_names == INSTRUMENT_COLUMNS
    assert table.schema.field("inverse").type == pa.bool_()
    rows = {row["instrument_key"]: row for row in table.to_pylist()}
    assert set(rows) == KEYS
    for key, row in rows.items():
        parsed = InstrumentKey.parse(key)
        assert (row["venue"], row["base_asset"], row["quote_asset"]) == (
            parsed.venue,
            parsed.base,
            parsed.quote,
        )
        assert row["inverse"] is parsed.is_inverse
        assert row["settle_asset"] == parsed.settle_asset
        assert row["data_types"] == "trades,book_snapshot_5"
        assert row["available_from_datetime"] < row["available_to_datetime"]
    assert rows["DERIBIT:PERPETUAL:BTC-USD@INV"]["symbol"] == "BTC-PERPETUAL"


def test_signals_are_29_with_17_direction_changes(
    day: tuple[MemoryObjectStore, DaySummary],
) -> None:
    store, summary = day
    tables = [read(store, StorageTarget.SIGNALS, signals_path(name)) for name in STRATEGIES]
    for table in tables:
        assert [(f.name, f.type) for f in table.schema] == SIGNAL_COLUMNS
    rows = sorted((row for t in tables for row in t.to_pylist()), key=lambda r: r["ts_event"])
    assert len(rows) == summary.signals == 29
    last: dict[tuple[str, str], int] = {}
    changes = 0
    for row in rows:
        stream = (row["strategy_id"], row["instrument_key"])
        changes += row["direction"] != last.get(stream, 0)
        last[stream] = row["direction"]
        assert row["direction"] in (1, -1, 0)
        assert np.sign(row["target_quantity"]) == row["direction"]
        assert (row["order_type"] == "LIMIT") == (row["limit_price"] is not None)
        assert DAY_START <= row["ts_event"] < DAY_START + DAY_NS
        algorithm = ExecAlgorithm(row["exec_algorithm"])
        parse_params(algorithm, json.loads(row["exec_algorithm_params"]))
    assert changes == summary.direction_changes == 17
    assert {row["order_type"] for row in rows} == {"MARKET", "LIMIT"}
    assert [row["order_type"] for row in rows].count("MARKET") > 14
    assert len({row["signal_id"] for row in rows}) == 29
    assert {row["exec_algorithm"] for row in rows} == {"NORMAL", "TWAP", "VWAP", "ICEBERG"}


def test_generated_microstructure_follows_the_calibration(
    day: tuple[MemoryObjectStore, DaySummary],
) -> None:
    store, _ = day
    path = tick_path("trades", "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN")
    trades = read(store, StorageTarget.MARKET_DATA, path).to_pydict()
    ms = np.array(trades["ts_event"]) // 1_000_000
    seller = np.array(trades["aggressor_side"]) == 2
    new_event = np.r_[True, (ms[1:] != ms[:-1]) | (seller[1:] != seller[:-1])]
    assert len(ms) / new_event.sum() == pytest.approx(BTC.fills_per_event, rel=0.1)
    assert np.log(trades["size"]).mean() == pytest.approx(BTC.size_log_mean, abs=0.15)
    assert seller.mean() == pytest.approx(0.5, abs=0.05)
    hourly = np.bincount((ms - ms[0]) // 3_600_000, minlength=24)
    assert hourly[12:18].sum() > 1.3 * hourly[0:6].sum()  # the assumed intraday cycle


def test_scale_must_be_positive() -> None:
    with pytest.raises(ValueError, match="scale"):
        generate_day(MemoryObjectStore(), DAY, seed=1, scale=0)
