"""The range reader: results equal a full read filtered exactly, at a fraction of the bytes."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.parquet.byte_ranges import ByteRange, coalesce
from adapters.parquet.footer import read_footer
from adapters.parquet.ranged_reader import BytesReader, ParquetFormatError
from adapters.parquet.thrift_compact import decode_struct, encode_struct
from adapters.parquet.window_reader import ParquetWindowReader, UnknownColumn, WindowReadOptions
from tests.data_plane.builders import DAY_NS, DAY_START_NS, trades_table

FIVE_MIN = 300 * 10**9


@pytest.fixture(scope="module")
def trades() -> pa.Table:
    return trades_table(50_000)


def write(table: pa.Table, **options) -> bytes:
    sink = io.BytesIO()
    settings = {"row_group_size": 10_000, "compression": "zstd", "write_page_index": True}
    pq.write_table(table, sink, **{**settings, **options})
    return sink.getvalue()


@pytest.fixture(scope="module")
def paged(trades: pa.Table) -> bytes:
    return write(trades, max_rows_per_page=500, use_dictionary=["instrument_key"])


def exactly(table: pa.Table, start: int, end: int, columns=None) -> pa.Table:
    ts = table.column("ts_event")
    kept = table.filter(pc.and_(pc.greater_equal(ts, start), pc.less(ts, end)))
    return kept.select(columns) if columns is not None else kept


def read(data: bytes, start: int, end: int, columns=None, **options) -> tuple[pa.Table, int]:
    reader = BytesReader(data)
    table = ParquetWindowReader(WindowReadOptions(**options)).read(
        reader, "v1", (start, end), columns=columns
    )
    return table, reader.bytes_read


@settings(max_examples=25, deadline=None)
@given(
    start=st.integers(DAY_START_NS - FIVE_MIN, DAY_START_NS + DAY_NS),
    length=st.integers(0, 4 * 3600 * 10**9),
    columns=st.sampled_from([None, ["price"], ["trade_id", "ts_event", "size"], ["ts_init"]]),
)
def test_any_window_equals_the_full_read_filtered(trades, paged, start, length, columns) -> None:
    table, _ = read(paged, start, start + length, columns)
    assert table.equals(exactly(trades, start, start + length, columns))


@pytest.mark.parametrize(
    "options",
    [
        {},  # dictionaries everywhere, one page per chunk: row groups only
        {"write_page_index": False},
        {"write_statistics": False, "write_page_index": False},
        {"max_rows_per_page": 700, "data_page_version": "2.0"},
        {"compression": "snappy", "max_rows_per_page": 333},
    ],
)
def test_every_layout_reads_correctly(trades: pa.Table, options) -> None:
    data = write(trades, **options)
    start = DAY_START_NS + 7 * 3600 * 10**9
    table, _ = read(data, start, start + FIVE_MIN)
    assert table.num_rows > 0
    assert table.equals(exactly(trades, start, start + FIVE_MIN))


def test_page_index_reads_less_than_row_groups_which_read_less_than_the_file(
    trades: pa.Table, paged: bytes
) -> None:
    start = DAY_START_NS + 13 * 3600 * 10**9
    _, with_pages = read(paged, start, start + FIVE_MIN)
    _, row_groups_only = read(paged, start, start + FIVE_MIN, use_page_index=False)
    assert with_pages < row_groups_only / 2
    assert row_groups_only < len(paged) / 3


class RecordingReader(BytesReader):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.ranges: list[tuple[int, int]] = []

    def read_range(self, offset: int, length: int) -> bytes:
        self.ranges.append((offset, offset + length))
        return super().read_range(offset, length)


def test_unused_columns_are_never_fetched(paged: bytes) -> None:
    reader, windows = RecordingReader(paged), ParquetWindowReader()
    footer = windows.footer(reader, "v1")
    reader.ranges.clear()
    start = DAY_START_NS + 2 * 3600 * 10**9
    windows.read(reader, "v1", (start, start + 3600 * 10**9), columns=["aggressor_side"])
    unused = [
        (chunk.start, chunk.start + chunk.compressed_size)
        for group in footer.row_groups
        for name, chunk in group.columns.items()
        if name not in ("aggressor_side", "ts_event")
    ]
    assert reader.ranges
    for low, high in reader.ranges:
        assert not any(low < end and start_ < high for start_, end in unused)


def test_the_footer_is_read_once_per_object_version(paged: bytes) -> None:
    reader, windows = BytesReader(paged), ParquetWindowReader()
    start = DAY_START_NS + 5 * 3600 * 10**9
    windows.read(reader, "v1", (start, start + FIVE_MIN))
    first = reader.requests
    windows.read(reader, "v1", (start + 3600 * 10**9, start + 3600 * 10**9 + FIVE_MIN))
    assert reader.requests - first < first
    windows.read(reader, "v2", (start, start + FIVE_MIN))
    assert reader.requests - first >= first  # a new version reads its footer again


def test_truncated_and_foreign_bytes_are_parquet_format_errors(paged: bytes) -> None:
    for data in (paged[: len(paged) // 2], b"PAR1" + b"\0" * 64, b"hello"):
        with pytest.raises(ParquetFormatError):
            ParquetWindowReader().read(BytesReader(data), "v", (0, 1))


def test_unknown_columns_and_non_integer_timestamps_are_refused(paged: bytes) -> None:
    with pytest.raises(UnknownColumn, match="volume"):
        read(paged, 0, 1, ["volume"])
    with pytest.raises(UnknownColumn, match="price"):
        ParquetWindowReader().read(BytesReader(paged), "v", (0, 1), ts_column="price")


def test_the_footer_round_trips_through_the_thrift_codec(paged: bytes) -> None:
    footer = read_footer(BytesReader(paged))
    raw = paged[-8 - footer.footer_bytes + 8 : -8]
    decoded, end = decode_struct(raw)
    assert end == len(raw)
    assert encode_struct(decoded) == raw
    assert footer.num_rows == 50_000


def test_ranges_coalesce_when_touching_or_within_the_gap() -> None:
    ranges = [ByteRange(100, 10), ByteRange(0, 50), ByteRange(50, 10), ByteRange(115, 5)]
    assert coalesce(ranges, 0) == [ByteRange(0, 60), ByteRange(100, 10), ByteRange(115, 5)]
    assert coalesce(ranges, 5) == [ByteRange(0, 60), ByteRange(100, 20)]


def test_a_footer_larger_than_the_first_guess_is_completed_not_reread(trades: pa.Table) -> None:
    data = write(trades.slice(0, 20_000), row_group_size=100)
    reader = BytesReader(data)
    footer = read_footer(reader)
    assert len(footer.row_groups) == 200
    assert footer.footer_bytes > 16 * 1024
    assert reader.requests == 2
    assert reader.bytes_read == footer.footer_bytes
