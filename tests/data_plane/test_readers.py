"""Instrument, tick and signal readers: valid files map to domain objects, bad ones are named."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pyarrow as pa
import pytest

from adapters.datasets.errors import DatasetError
from adapters.datasets.instruments import InstrumentsReader
from adapters.datasets.signals import StoreSignalSource
from adapters.datasets.ticks import TickReader
from adapters.importers.object_paths import instruments_path, signals_path, tick_data_path
from adapters.memory.object_store import MemoryObjectStore
from adapters.sample_day.instruments import SAMPLE_INSTRUMENTS, instruments_table
from domain.enums import ExecAlgorithm, OrderType
from ports.object_store import DataFormat, StorageTarget
from ports.storage_errors import ObjectNotFound
from tests.data_plane.builders import (
    BTC_PERP,
    DAY_START_NS,
    book_table,
    signals_table,
    trades_table,
)

DAY = date(2024, 1, 1)
TRADES_PATH = tick_data_path(DAY, "trades", BTC_PERP)


@pytest.fixture
def store() -> MemoryObjectStore:
    return MemoryObjectStore()


def put_trades(store: MemoryObjectStore, table: pa.Table) -> None:
    store.upload(StorageTarget.MARKET_DATA, TRADES_PATH, table, DataFormat.PARQUET)


def test_instruments_become_domain_instruments_with_decimals(store) -> None:
    listing = instruments_table(DAY, SAMPLE_INSTRUMENTS)
    store.upload(StorageTarget.INSTRUMENTS, instruments_path(DAY), listing, DataFormat.PARQUET)
    instruments = {str(i.key): i for i in InstrumentsReader(store).read(DAY)}
    deribit = instruments["DERIBIT:PERPETUAL:BTC-USD@INV"]
    assert deribit.inverse
    assert deribit.settle_asset == "BTC"
    assert deribit.tick_size == Decimal("0.5")
    assert instruments[BTC_PERP].data_types == {"trades", "book_snapshot_5"}
    assert instruments[BTC_PERP].available_from.tzinfo is not None


def test_an_instruments_file_with_a_bad_key_names_file_and_key(store) -> None:
    listing = instruments_table(DAY, SAMPLE_INSTRUMENTS)
    keys = listing.column("instrument_key").to_pylist()
    keys[0] = "BINANCE-FUTURES:PERP:BTC-USDT"
    broken = listing.set_column(0, "instrument_key", pa.array(keys))
    store.upload(StorageTarget.INSTRUMENTS, instruments_path(DAY), broken, DataFormat.PARQUET)
    with pytest.raises(DatasetError, match=r"instruments\.parquet.*PERP"):
        InstrumentsReader(store).read(DAY)


def test_trades_read_whole_or_by_window(store) -> None:
    trades = trades_table(20_000)
    put_trades(store, trades)
    reader = TickReader(store)
    assert reader.trades(DAY, BTC_PERP).num_rows == 20_000
    window = (DAY_START_NS, DAY_START_NS + 3600 * 10**9)
    assert 0 < reader.trades(DAY, BTC_PERP, window=window).num_rows < 20_000


def test_book_snapshots_are_checked_against_their_schema(store) -> None:
    path = tick_data_path(DAY, "book_snapshot_5", BTC_PERP)
    book = book_table(1_000)
    store.upload(StorageTarget.MARKET_DATA, path, book, DataFormat.PARQUET)
    assert TickReader(store).book_snapshots(DAY, BTC_PERP).num_rows == 1_000
    store.upload(
        StorageTarget.MARKET_DATA, path, book.drop_columns(["ask_size_4"]), DataFormat.PARQUET
    )
    with pytest.raises(DatasetError, match=r"missing column.*ask_size_4"):
        TickReader(store).book_snapshots(DAY, BTC_PERP)


@pytest.mark.parametrize(
    ("breakage", "problem"),
    [
        (lambda t: t.drop_columns(["trade_id"]), "missing column.*trade_id"),
        (
            lambda t: t.set_column(1, "price", t.column("price").cast(pa.float32())),
            "mistyped.*price",
        ),
        (lambda t: t.take(pa.array([1, 0, *range(2, t.num_rows)])), "ts_event not sorted: row 1"),
        (
            lambda t: t.set_column(4, "trade_id", pa.array(["7"] * t.num_rows)),
            "duplicate trade_id",
        ),
        (
            lambda t: t.set_column(
                0, "instrument_key", pa.array(["OKX:PERPETUAL:BTC"] * t.num_rows)
            ),
            "OKX:PERPETUAL:BTC",
        ),
        (
            lambda t: t.set_column(3, "aggressor_side", pa.array([3] * t.num_rows, pa.int8())),
            "aggressor_side",
        ),
    ],
)
def test_broken_trade_files_name_the_file_and_the_problem(store, breakage, problem) -> None:
    put_trades(store, breakage(trades_table(2_000)))
    with pytest.raises(DatasetError, match=problem) as raised:
        TickReader(store).trades(DAY, BTC_PERP)
    assert raised.value.path == TRADES_PATH


def test_a_missing_tick_file_is_an_error_not_an_empty_table(store) -> None:
    with pytest.raises(ObjectNotFound, match="data_type-trades"):
        TickReader(store).trades(DAY, BTC_PERP, window=(0, 1))


def signal_row(n: int, quantity: float, **overrides) -> dict[str, object]:
    row = {
        "signal_id": f"sig-{n}",
        "strategy_id": "momentum-v1",
        "instrument_key": BTC_PERP,
        "ts_event": DAY_START_NS + n * 10**9,
        "direction": (quantity > 0) - (quantity < 0),
        "target_quantity": quantity,
    }
    return {**row, **overrides}


def put_signals(store, rows, strategy: str = "momentum-v1") -> None:
    path = signals_path(DAY, strategy)
    store.upload(StorageTarget.SIGNALS, path, signals_table(rows), DataFormat.PARQUET)


def test_signals_of_every_strategy_merge_sorted_with_decimal_quantities(store) -> None:
    params = json.dumps({"horizon_secs": 120})
    put_signals(store, [signal_row(5, 0.3, exec_algorithm="TWAP", exec_algorithm_params=params)])
    put_signals(
        store,
        [signal_row(2, -1.1, strategy_id="carry-v1", order_type="LIMIT", limit_price=42000.5)],
        "carry-v1",
    )
    signals = StoreSignalSource(store).signals_for(DAY)
    assert [s.signal_id for s in signals] == ["sig-2", "sig-5"]
    assert signals[0].target_quantity == Decimal("-1.1")
    assert signals[0].order_type is OrderType.LIMIT
    assert signals[0].limit_price == Decimal("42000.5")
    assert signals[1].exec_algorithm is ExecAlgorithm.TWAP
    assert signals[1].exec_algorithm_params == {"horizon_secs": 120}
    assert StoreSignalSource(store).signals_for(date(2024, 1, 2)) == []


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (signal_row(1, 1.0, direction=-1), "direction -1 but target_quantity 1.0"),
        (signal_row(1, 1.0, exec_algorithm_params="[1]"), "not a JSON object"),
        (signal_row(1, 1.0, order_type="STOP"), "order_type"),
        (signal_row(1, 1.0, order_type="LIMIT"), "LIMIT without limit_price"),
        (signal_row(1, 1.0, strategy_id="other"), "strategy_id 'other'"),
    ],
)
def test_bad_signals_name_the_file_and_the_signal(store, row, problem) -> None:
    put_signals(store, [row])
    with pytest.raises(DatasetError, match=problem) as raised:
        StoreSignalSource(store).signals_for(DAY)
    assert raised.value.path.endswith("momentum-v1.parquet")
