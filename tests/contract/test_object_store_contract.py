"""One ObjectStore contract, run against the memory, local and GCS (emulator) adapters."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from adapters.parquet.blob_store import BlobObjectStore
from adapters.parquet.window_reader import UnknownColumn
from ports.object_store import DataFormat, IoCounters, StorageTarget
from ports.storage_errors import BucketNotFound, CorruptObject, ObjectNotFound
from tests.contract.store_adapters import ADAPTERS, build_store, remove_bucket
from tests.data_plane.builders import BTC_PERP, DAY_START_NS, trades_table

MD = StorageTarget.MARKET_DATA
TRADES = f"raw_tick_data/by_date/day-2024-01-01/data_type-trades/{BTC_PERP}.parquet"
HOUR = 3_600 * 10**9


@pytest.fixture(params=ADAPTERS)
def kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def store(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> BlobObjectStore:
    if kind != "gcs":
        return build_store(kind, tmp_path)
    return build_store(
        kind,
        tmp_path,
        request.getfixturevalue("gcs_client"),
        request.getfixturevalue("gcs_buckets"),
    )


@pytest.fixture(scope="module")
def trades() -> pa.Table:
    return trades_table(30_000)


def exactly(table: pa.Table, start: int, end: int) -> pa.Table:
    ts = table.column("ts_event")
    return table.filter(pc.and_(pc.greater_equal(ts, start), pc.less(ts, end)))


@pytest.mark.parametrize(
    ("format", "value"),
    [
        (DataFormat.JSON, {"run_id": "BT-20240101-000000-abcdef", "pnl": {"net_pnl": 1.5}}),
        (DataFormat.BYTES, b"\x00\x01binary\xff"),
        (DataFormat.TEXT, "line one\nligne deux é\n"),
    ],
)
def test_what_is_uploaded_downloads_unchanged(store, format, value) -> None:
    store.upload(StorageTarget.EXECUTION, "backtest_results/x/blob", value, format)
    assert store.download(StorageTarget.EXECUTION, "backtest_results/x/blob", format) == value


def test_parquet_and_csv_round_trip_as_tables(store, trades: pa.Table) -> None:
    store.upload(MD, TRADES, trades, DataFormat.PARQUET)
    assert store.download(MD, TRADES, DataFormat.PARQUET).equals(trades)
    small = trades.slice(0, 50).select(["price", "ts_event"])
    store.upload(MD, "x.csv", small, DataFormat.CSV)
    assert store.download(MD, "x.csv", DataFormat.CSV).equals(small)


def test_exists_size_and_list_by_prefix(store) -> None:
    names = ["a/day-1/BYBIT:PERPETUAL:ETH-USDT@LIN.parquet", "a/day-1/x.json", "a/day-2/y"]
    for name in names:
        store.upload(MD, name, b"12345", DataFormat.BYTES)
    assert store.exists(MD, names[0])
    assert not store.exists(MD, "a/day-1/missing")
    assert store.size(MD, names[1]) == 5
    assert store.list(MD, "a/day-1/") == sorted(names[:2])
    assert store.list(MD) == sorted(names)
    assert store.list(StorageTarget.SIGNALS) == []


def test_counters_count_every_byte_and_request(store, trades: pa.Table) -> None:
    store.upload(MD, TRADES, trades, DataFormat.PARQUET)
    size = store.size(MD, TRADES)
    assert store.counters.bytes_written == size
    assert store.counters.write_requests == 1
    before = store.counters
    store.download(MD, TRADES, DataFormat.BYTES)
    assert store.counters - before == IoCounters(bytes_read=size, read_requests=1)
    served = store.reset_counters()
    assert served.bytes_read == size
    assert store.counters == IoCounters()


def test_streaming_equals_a_full_read_filtered_and_reads_less(store, trades: pa.Table) -> None:
    store.upload(MD, TRADES, trades, DataFormat.PARQUET)
    size = store.size(MD, TRADES)
    start, end = DAY_START_NS + 10 * HOUR, DAY_START_NS + 10 * HOUR + 300 * 10**9
    store.reset_counters()
    window = store.download_streaming(MD, TRADES, (start, end))
    assert window.num_rows > 0
    assert window.equals(exactly(trades, start, end))
    assert 0 < store.counters.bytes_read < size / 4


def test_streaming_projects_columns_and_reads_the_footer_once(store, trades: pa.Table) -> None:
    store.upload(MD, TRADES, trades, DataFormat.PARQUET)
    start = DAY_START_NS + 3 * HOUR
    store.reset_counters()
    first = store.download_streaming(MD, TRADES, (start, start + HOUR), columns=["price"])
    first_io = store.reset_counters()
    second = store.download_streaming(
        MD, TRADES, (start + HOUR, start + 2 * HOUR), columns=["price"]
    )
    second_io = store.reset_counters()
    assert first.column_names == ["price"] == second.column_names
    expected = exactly(trades, start, start + HOUR).column("price")
    assert first.column("price").equals(expected)
    assert second_io.read_requests < first_io.read_requests  # no footer the second time


def test_a_range_with_no_rows_gives_an_empty_table_with_the_schema(store, trades) -> None:
    store.upload(MD, TRADES, trades, DataFormat.PARQUET)
    empty = store.download_streaming(MD, TRADES, (0, DAY_START_NS))
    assert empty.num_rows == 0
    assert empty.schema.equals(trades.schema)


def test_missing_objects_raise_naming_bucket_and_object(store) -> None:
    bucket = store.buckets[MD]
    for read in (
        lambda: store.download(MD, "nope.parquet", DataFormat.PARQUET),
        lambda: store.download_streaming(MD, "nope.parquet", (0, 1)),
        lambda: store.size(MD, "nope.parquet"),
    ):
        with pytest.raises(ObjectNotFound) as raised:
            read()
        assert bucket in str(raised.value)
        assert "nope.parquet" in str(raised.value)


def test_a_missing_bucket_raises_bucket_not_found(store, request) -> None:
    client = request.getfixturevalue("gcs_client") if "gcs" in request.node.name else None
    remove_bucket(store, StorageTarget.SIGNALS, client)
    bucket = store.buckets[StorageTarget.SIGNALS]
    for call in (
        lambda: store.download(StorageTarget.SIGNALS, "s.parquet", DataFormat.PARQUET),
        lambda: store.exists(StorageTarget.SIGNALS, "s.parquet"),
        lambda: store.list(StorageTarget.SIGNALS),
        lambda: store.upload(StorageTarget.SIGNALS, "s", b"x", DataFormat.BYTES),
    ):
        with pytest.raises(BucketNotFound, match=bucket):
            call()


def test_non_parquet_and_truncated_objects_are_corrupt(store, trades: pa.Table) -> None:
    store.upload(MD, "text.parquet", b"this is not parquet at all", DataFormat.BYTES)
    store.upload(MD, TRADES, trades, DataFormat.PARQUET)
    whole = store.download(MD, TRADES, DataFormat.BYTES)
    store.upload(MD, "cut.parquet", whole[: len(whole) // 2], DataFormat.BYTES)
    for path in ("text.parquet", "cut.parquet"):
        with pytest.raises(CorruptObject, match=path):
            store.download(MD, path, DataFormat.PARQUET)
        with pytest.raises(CorruptObject, match=path):
            store.download_streaming(MD, path, (0, 2**62))


def test_bad_json_is_corrupt_and_unknown_columns_are_named(store, trades: pa.Table) -> None:
    store.upload(StorageTarget.EXECUTION, "s.json", b"{not json", DataFormat.BYTES)
    with pytest.raises(CorruptObject, match=r"s\.json"):
        store.download(StorageTarget.EXECUTION, "s.json", DataFormat.JSON)
    store.upload(MD, TRADES, trades, DataFormat.PARQUET)
    with pytest.raises(UnknownColumn, match="no_such_column"):
        store.download_streaming(MD, TRADES, (0, 1), columns=["no_such_column"])
