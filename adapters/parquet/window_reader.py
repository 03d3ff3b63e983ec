"""Rows of a parquet object with `start <= ts < end`, fetched as byte ranges of what holds them."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Sequence

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from adapters.parquet.byte_ranges import BlockCache, ByteRange, fetch
from adapters.parquet.column_file import ColumnPart, decode_column
from adapters.parquet.footer import INT32, INT64, FileFooter, RowGroup, read_footer
from adapters.parquet.page_headers import ChunkWalk
from adapters.parquet.page_index import (
    ChunkPages,
    parse_offset_index,
    parse_page_bounds,
    whole_chunk,
)
from adapters.parquet.ranged_reader import ParquetFormatError, RangedReader
from adapters.parquet.thrift_compact import field


class UnknownColumn(ValueError):
    """A requested column the file does not have, or a timestamp column that is not integer."""


@attrs.frozen(kw_only=True)
class WindowReadOptions:
    """`max_gap`: bytes between two wanted ranges still fetched as one request (0: only
    touching ranges merge, fewest bytes; larger trades bytes for fewer round trips)."""

    max_gap: int = 0
    use_page_index: bool = True
    # Without a page index, find pages by reading their headers (see `page_headers`).
    walk_page_headers: bool = True
    cached_footers: int = 256
    cached_block_bytes: int = 64 * 1024 * 1024


Bounds = list[tuple[int, int] | None]


class ParquetWindowReader:
    """Footer read once per object version; row groups, then pages, pruned by ts statistics."""

    def __init__(self, options: WindowReadOptions | None = None) -> None:
        self.options = options or WindowReadOptions()
        self._footers: OrderedDict[Hashable, FileFooter] = OrderedDict()
        self._index: dict[tuple[Hashable, int, str], ChunkPages | Bounds] = {}
        self._walks: dict[tuple[Hashable, int, str], ChunkWalk] = {}
        self._blocks = BlockCache(self.options.cached_block_bytes)

    def footer(self, reader: RangedReader, version: Hashable) -> FileFooter:
        footer = self._footers.get(version)
        if footer is None:
            footer = read_footer(reader)
            self._footers[version] = footer
            while len(self._footers) > self.options.cached_footers:
                evicted, _ = self._footers.popitem(last=False)
                self._index = {k: v for k, v in self._index.items() if k[0] != evicted}
                self._walks = {k: v for k, v in self._walks.items() if k[0] != evicted}
        self._footers.move_to_end(version)
        return footer

    def read(
        self,
        reader: RangedReader,
        version: Hashable,
        ts_range: tuple[int, int],
        ts_column: str = "ts_event",
        columns: Sequence[str] | None = None,
    ) -> pa.Table:
        footer = self.footer(reader, version)
        names = list(columns) if columns is not None else list(footer.column_names)
        wanted = names if ts_column in names else [*names, ts_column]
        _check_columns(footer, wanted, ts_column)
        start, end = ts_range
        if not footer.flat:
            table = pq.read_table(
                pa.BufferReader(reader.read_range(0, footer.size)), columns=wanted
            )
            return _finish(table, footer, names, ts_column, start, end)
        groups = [
            g for g in footer.row_groups if g.num_rows and _may_hold(g, ts_column, start, end)
        ]
        self._load_page_index(reader, version, groups, wanted, ts_column)
        spans = {}
        for group in groups:
            self._walk(reader, version, group, ts_column, group.num_rows, ts=True)
            span = self._row_span(version, group, ts_column, start, end)
            if span is not None:
                spans[group.ordinal] = span
        if any(key[:2] == (version, ordinal) for key in self._walks for ordinal in spans):
            spans = self._exact_rows(reader, version, footer, spans, ts_column, start, end)
        for ordinal, span in spans.items():
            for name in wanted:
                self._walk(reader, version, footer.row_groups[ordinal], name, span[1])
        plans = {
            (ordinal, name): self._pages(version, footer.row_groups[ordinal], name).covering(*span)
            for ordinal, span in spans.items()
            for name in wanted
        }
        ranges = _ranges(self, version, footer, plans)
        fetched = fetch(reader, ranges, self.options.max_gap, self._blocks, version)
        table = pa.table(
            {name: self._column(version, footer, name, spans, plans, fetched) for name in wanted}
        )
        return _finish(table, footer, names, ts_column, start, end)

    def _exact_rows(
        self, reader, version, footer: FileFooter, spans, ts_column, start, end
    ) -> dict[int, tuple[int, int]]:
        """Spans cut to the first and last row inside the window, read from the ts pages.

        Pages found from headers are large (20k rows by pyarrow default): the ts pages a
        window touches hold many rows outside it, and other columns' pages need not have
        the same boundaries, so only the rows really inside are asked of the other columns.
        """
        plans = {
            (ordinal, ts_column): self._pages(
                version, footer.row_groups[ordinal], ts_column
            ).covering(*span)
            for ordinal, span in spans.items()
        }
        ranges = _ranges(self, version, footer, plans)
        fetched = fetch(reader, ranges, self.options.max_gap, self._blocks, version)
        ts = self._column(version, footer, ts_column, spans, plans, fetched)
        if pa.types.is_timestamp(ts.type):
            ts = ts.cast(pa.int64())
        values = ts.to_numpy()
        exact, position = {}, 0
        for ordinal, (first_row, end_row) in spans.items():
            part = values[position : position + end_row - first_row]
            position += end_row - first_row
            inside = np.flatnonzero((part >= start) & (part < end))
            if len(inside):
                exact[ordinal] = (first_row + int(inside[0]), first_row + int(inside[-1]) + 1)
        return exact

    def _pages(self, version: Hashable, group: RowGroup, name: str) -> ChunkPages:
        pages = self._index.get((version, group.ordinal, name))
        if isinstance(pages, ChunkPages):
            return pages
        walk = self._walks.get((version, group.ordinal, name))
        if walk is not None:
            return walk.chunk_pages()
        return whole_chunk(group.columns[name], group.num_rows)

    def _walk(
        self,
        reader: RangedReader,
        version: Hashable,
        group: RowGroup,
        name: str,
        rows: int,
        *,
        ts: bool = False,
    ) -> None:
        """Read page headers of a chunk without an offset index until `rows` are covered."""
        key = (version, group.ordinal, name)
        chunk = group.columns[name]
        if not self.options.walk_page_headers or chunk.offset_index or key in self._index:
            return
        walk = self._walks.get(key)
        if walk is None:
            walk = self._walks[key] = ChunkWalk(chunk, group.num_rows)
        walk.walk(reader, rows)
        if ts and walk.done:
            self._index[(version, group.ordinal, "\0bounds")] = [f.bounds for f in walk.facts]

    def _with_dictionary(
        self, version: Hashable, group: RowGroup, name: str, first: int, last: int
    ) -> bool:
        """Whether the dictionary is fetched: always, unless page headers say no page needs it."""
        walk = self._walks.get((version, group.ordinal, name))
        return walk is None or walk.needs_dictionary(first, last)

    def _load_page_index(
        self, reader: RangedReader, version: Hashable, groups: list[RowGroup], wanted, ts_column
    ) -> None:
        if not self.options.use_page_index:
            return
        todo: dict[tuple[Hashable, int, str], tuple[ByteRange, object]] = {}
        for group in groups:
            for name in wanted:
                chunk = group.columns[name]
                if chunk.offset_index and (version, group.ordinal, name) not in self._index:
                    todo[(version, group.ordinal, name)] = (ByteRange(*chunk.offset_index), chunk)
            ts_chunk = group.columns[ts_column]
            bounds_key = (version, group.ordinal, "\0bounds")
            if ts_chunk.column_index and bounds_key not in self._index:
                todo[bounds_key] = (ByteRange(*ts_chunk.column_index), ts_chunk)
        if not todo:
            return
        fetched = fetch(reader, [r for r, _ in todo.values()], self.options.max_gap)
        rows = {g.ordinal: g.num_rows for g in groups}
        for key, (byte_range, chunk) in todo.items():
            data = fetched.slice(byte_range)
            if key[2] == "\0bounds":
                self._index[key] = parse_page_bounds(data, chunk)
            else:
                self._index[key] = parse_offset_index(data, chunk, rows[key[1]])

    def _row_span(
        self, version: Hashable, group: RowGroup, ts_column: str, start: int, end: int
    ) -> tuple[int, int] | None:
        bounds = self._index.get((version, group.ordinal, "\0bounds"))
        pages = self._pages(version, group, ts_column)
        if not isinstance(bounds, list) or len(pages.pages) == 1:
            return 0, group.num_rows
        if len(bounds) != len(pages.pages):
            raise ParquetFormatError(f"column and offset indexes of {ts_column} disagree")
        hits = [i for i, b in enumerate(bounds) if b is not None and b[0] < end and b[1] >= start]
        if not hits:
            return None
        return pages.rows_of(hits[0])[0], pages.rows_of(hits[-1])[1]

    def _column(self, version, footer: FileFooter, name, spans, plans, fetched) -> pa.ChunkedArray:
        parts, cuts, position = [], [], 0
        for ordinal, (first_row, end_row) in spans.items():
            group = footer.row_groups[ordinal]
            pages = self._pages(version, group, name)
            first, last = plans[(ordinal, name)]
            covered_from, covered_to = pages.rows_of(first)[0], pages.rows_of(last - 1)[1]
            dictionary = self._with_dictionary(version, group, name, first, last)
            ranges = _part_ranges(pages, first, last, dictionary)
            pieces = [(r.offset, fetched.slice(r)) for r in ranges]
            data_page = field(group.columns[name].metadata, 9)
            parts.append(
                ColumnPart(
                    chunk=group.columns[name],
                    pieces=tuple(pieces),
                    first_data_page=max(pages.pages[first].offset, data_page),
                    num_rows=covered_to - covered_from,
                    with_dictionary=dictionary,
                )
            )
            cuts.append((position + first_row - covered_from, end_row - first_row))
            position += covered_to - covered_from
        column = decode_column(footer, name, parts)
        if len(column) != position:
            raise ParquetFormatError(
                f"column {name}: decoded {len(column)} rows, expected {position}"
            )
        pieces = [chunk for offset, n in cuts for chunk in column.slice(offset, n).chunks]
        return pa.chunked_array(pieces, type=column.type)


def _part_ranges(
    pages: ChunkPages, first: int, last: int, dictionary: bool = True
) -> list[ByteRange]:
    """The dictionary (bytes before the first data page) if wanted, then the chosen pages."""
    ranges = []
    if dictionary and pages.pages[0].offset > pages.chunk_start:
        ranges.append(ByteRange(pages.chunk_start, pages.pages[0].offset - pages.chunk_start))
    tail = pages.pages[last - 1]
    ranges.append(
        ByteRange(pages.pages[first].offset, tail.offset + tail.length - pages.pages[first].offset)
    )
    return ranges


def _ranges(window_reader, version, footer: FileFooter, plans) -> list[ByteRange]:
    ranges = []
    for (ordinal, name), (first, last) in plans.items():
        group = footer.row_groups[ordinal]
        pages = window_reader._pages(version, group, name)
        dictionary = window_reader._with_dictionary(version, group, name, first, last)
        ranges += _part_ranges(pages, first, last, dictionary)
    return ranges


def _may_hold(group: RowGroup, ts_column: str, start: int, end: int) -> bool:
    bounds = group.columns[ts_column].min_max()
    return bounds is None or (bounds[0] < end and bounds[1] >= start)


def _check_columns(footer: FileFooter, wanted: list[str], ts_column: str) -> None:
    missing = [name for name in wanted if name not in footer.column_names]
    if missing:
        raise UnknownColumn(f"no column {', '.join(missing)} (columns: {footer.column_names})")
    if footer.row_groups and footer.row_groups[0].columns[ts_column].physical_type not in (
        INT32,
        INT64,
    ):
        raise UnknownColumn(f"timestamp column {ts_column} is not an integer column")


def _finish(table: pa.Table, footer: FileFooter, names, ts_column, start, end) -> pa.Table:
    ts = table.column(ts_column)
    if pa.types.is_timestamp(ts.type):
        ts = ts.cast(pa.int64())
    kept = table.filter(pc.and_(pc.greater_equal(ts, start), pc.less(ts, end))).select(names)
    if footer.arrow_schema is None:
        return kept
    schema = pa.schema([footer.arrow_schema.field(name) for name in names])
    return kept if kept.schema.equals(schema) else kept.cast(schema)
