"""Files written with pyarrow defaults (no page index): pages found from their headers.

The file is the real Binance BTCUSDT trades repeated to a million rows (one ~1M-row row
group, 20k-row pages, dictionaries falling back to plain) written by `pq.write_table`
with nothing changed. Its twin written with a page index has the same pages (by rows),
so the twin's offset index checks what the headers say.
"""

from __future__ import annotations

import io

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.parquet.byte_ranges import ByteRange
from adapters.parquet.footer import read_footer
from adapters.parquet.page_headers import HEADER_GUESS, ChunkWalk
from adapters.parquet.page_index import parse_offset_index
from adapters.parquet.ranged_reader import BytesReader
from adapters.parquet.window_reader import ParquetWindowReader, WindowReadOptions
from tests.data_import.real_samples import BTC_WS, imported

FIVE_MIN = 300 * 10**9
COPIES = 48  # 21,313 trades a copy, each copy 6 minutes after the one before


@pytest.fixture(scope="module")
def trades() -> pa.Table:
    one = imported(BTC_WS).trades
    ts = one.column("ts_event").to_numpy()
    ts_init = one.column("ts_init").to_numpy()
    ids = one.column("trade_id").to_numpy(zero_copy_only=False).astype(np.int64)
    span, count = 360 * 10**9, len(ts)
    shift = np.repeat(np.arange(COPIES, dtype=np.int64) * span, count)
    renumber = np.repeat(np.arange(COPIES, dtype=np.int64) * count, count)
    columns = {name: pa.concat_arrays([one.column(name).combine_chunks()] * COPIES)
               for name in ("instrument_key", "price", "size", "aggressor_side")}  # fmt: skip
    return pa.table(
        {
            **columns,
            "trade_id": pa.array(np.tile(ids, COPIES) + renumber).cast(pa.string()),
            "ts_event": np.tile(ts, COPIES) + shift,
            "ts_init": np.tile(ts_init, COPIES) + shift,
        }
    )


def written(table: pa.Table, **options) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink, **options)
    return sink.getvalue()


@pytest.fixture(scope="module")
def upstream(trades: pa.Table) -> bytes:
    return written(trades)


@pytest.fixture(scope="module")
def twin_rows(trades: pa.Table) -> dict[str, list[tuple[int, int]]]:
    """Per column: the rows of each page, from the offset index of a page-indexed twin."""
    data = written(trades, write_page_index=True)
    reader = BytesReader(data)
    (group,) = read_footer(reader).row_groups
    rows = {}
    for name, chunk in group.columns.items():
        offset, length = chunk.offset_index
        index = parse_offset_index(reader.read_range(offset, length), chunk, group.num_rows)
        rows[name] = [index.rows_of(i) for i in range(len(index.pages))]
    return rows


@pytest.fixture(scope="module")
def walks(upstream: bytes) -> dict[str, ChunkWalk]:
    (group,) = read_footer(BytesReader(upstream)).row_groups
    found = {}
    for name, chunk in group.columns.items():
        found[name] = ChunkWalk(chunk, group.num_rows)
        found[name].walk(BytesReader(upstream), group.num_rows)
    return found


def test_page_headers_give_the_rows_the_page_index_of_a_twin_gives(walks, twin_rows) -> None:
    for name, walk in walks.items():
        pages = walk.chunk_pages()
        assert [pages.rows_of(i) for i in range(len(pages.pages))] == twin_rows[name], name
        assert walk.done
    ts = walks["ts_event"]
    assert ts.needs_dictionary(0, 1)  # dictionary-encoded at the start of the group,
    assert not ts.needs_dictionary(len(ts.pages) - 1, len(ts.pages))  # plain once it is full


class RecordingReader(BytesReader):
    """A BytesReader that keeps every range asked for."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.ranges: list[ByteRange] = []

    def read_range(self, offset: int, length: int) -> bytes:
        self.ranges.append(ByteRange(offset, length))
        return super().read_range(offset, length)


def exactly(table: pa.Table, start: int, end: int) -> pa.Table:
    ts = table.column("ts_event")
    return table.filter(pc.and_(pc.greater_equal(ts, start), pc.less(ts, end)))


def test_the_file_is_the_upstream_shape(upstream: bytes) -> None:
    metadata = pq.ParquetFile(pa.BufferReader(upstream)).metadata
    assert metadata.num_rows == COPIES * 21_313
    assert metadata.num_row_groups == 1
    column = metadata.row_group(0).column(5)
    assert not column.has_offset_index
    assert column.has_dictionary_page


@settings(max_examples=20, deadline=None)
@given(start_min=st.integers(-10, COPIES * 6 + 5), minutes=st.integers(0, 90))
def test_windows_return_exactly_the_rows_of_a_full_read(
    trades: pa.Table, upstream: bytes, start_min: int, minutes: int
) -> None:
    first = trades.column("ts_event")[0].as_py()
    start = first + start_min * 60 * 10**9
    end = start + minutes * 60 * 10**9
    got = ParquetWindowReader().read(BytesReader(upstream), "v", (start, end))
    assert got.equals(exactly(trades, start, end))


@pytest.mark.parametrize("window", [0, 7, 23, 41])
def test_a_window_reads_only_its_pages_their_headers_and_needed_dictionaries(
    trades: pa.Table, upstream: bytes, walks, window: int
) -> None:
    ts = trades.column("ts_event").to_numpy()
    start = int(ts[0]) + window * 360 * 10**9 + 60 * 10**9
    first_row, end_row = (int(i) for i in np.searchsorted(ts, [start, start + FIVE_MIN]))
    reader = RecordingReader(upstream)
    got = ParquetWindowReader().read(reader, "v", (start, start + FIVE_MIN))
    assert got.equals(exactly(trades, start, start + FIVE_MIN))
    assert got.num_rows == end_row - first_row > 5_000
    footer = read_footer(BytesReader(upstream))
    header_starts, expected = set(), set()
    for walk in walks.values():
        pages = walk.chunk_pages()
        header_starts |= {walk.chunk.start} | {page.offset for page in pages.pages}
        rows = [pages.rows_of(i) for i in range(len(pages.pages))]
        hit = [i for i, r in enumerate(rows) if r[0] < end_row and r[1] > first_row]
        expected |= {(p.offset, p.offset + p.length) for p in pages.pages[hit[0] : hit[-1] + 1]}
        if walk.needs_dictionary(hit[0], hit[-1] + 1):
            expected.add((walk.chunk.start, pages.pages[0].offset))
    data_ranges = set()
    for read in reader.ranges[1:]:  # after the footer
        if (read.offset, read.end) not in expected and read.length <= HEADER_GUESS:
            assert read.offset in header_starts  # a page header, nothing else
        else:
            data_ranges.add((read.offset, read.end))
    assert _runs_of(data_ranges) == _runs_of(expected)
    assert reader.bytes_read < 0.15 * len(upstream)
    assert reader.ranges[0].end == footer.size


def _runs_of(pages: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Touching or overlapping byte ranges merged: the bytes covered, however fetched."""
    runs: list[tuple[int, int]] = []
    for offset, end in sorted(pages):
        if runs and runs[-1][1] >= offset:
            runs[-1] = (runs[-1][0], max(end, runs[-1][1]))
        else:
            runs.append((offset, end))
    return set(runs)


def test_headers_are_walked_once_per_object_version(upstream: bytes) -> None:
    windows = ParquetWindowReader()
    start = read_footer(BytesReader(upstream)).row_groups[0].columns["ts_event"].min_max()[0]
    late = (start + 4 * 3600 * 10**9, start + 4 * 3600 * 10**9 + FIVE_MIN)
    early = (start + 3600 * 10**9, start + 3600 * 10**9 + FIVE_MIN)
    first = RecordingReader(upstream)
    windows.read(first, "generation-1", late)
    assert sum(r.length <= HEADER_GUESS for r in first.ranges) > 50
    again = RecordingReader(upstream)
    windows.read(again, "generation-1", early)
    assert not any(r.length <= HEADER_GUESS for r in again.ranges)
    rewritten = RecordingReader(upstream)
    windows.read(rewritten, "generation-2", early)
    assert any(r.length <= HEADER_GUESS for r in rewritten.ranges)


def test_without_the_walk_the_whole_row_group_is_read(upstream: bytes) -> None:
    start = read_footer(BytesReader(upstream)).row_groups[0].columns["ts_event"].min_max()[0]
    window = (start + 3600 * 10**9, start + 3600 * 10**9 + FIVE_MIN)
    walked, whole = BytesReader(upstream), BytesReader(upstream)
    ParquetWindowReader().read(walked, "v", window)
    ParquetWindowReader(WindowReadOptions(walk_page_headers=False)).read(whole, "v", window)
    assert whole.bytes_read > 0.9 * len(upstream)
    assert walked.bytes_read < 0.15 * whole.bytes_read
