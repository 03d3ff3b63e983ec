"""Parquet page index (OffsetIndex, ColumnIndex): which pages of a chunk hold which rows."""

from __future__ import annotations

import attrs

from adapters.parquet.footer import ColumnChunk, decode_int
from adapters.parquet.ranged_reader import ParquetFormatError
from adapters.parquet.thrift_compact import ThriftError, decode_struct, field


@attrs.frozen
class Page:
    """One data page: its bytes in the file and the first row it holds."""

    offset: int
    length: int
    first_row: int


@attrs.frozen(kw_only=True)
class ChunkPages:
    """The data pages of one column chunk, plus the bytes before them (the dictionary)."""

    chunk_start: int
    pages: tuple[Page, ...]
    num_rows: int

    def rows_of(self, index: int) -> tuple[int, int]:
        end = self.pages[index + 1].first_row if index + 1 < len(self.pages) else self.num_rows
        return self.pages[index].first_row, end

    def covering(self, first_row: int, end_row: int) -> tuple[int, int]:
        """Indices [i, j) of the pages that hold rows [first_row, end_row)."""
        first = last = None
        for index in range(len(self.pages)):
            start, end = self.rows_of(index)
            if start < end_row and end > first_row:
                first = index if first is None else first
                last = index
        if first is None or last is None:
            raise ParquetFormatError(f"no page holds rows {first_row}..{end_row}")
        return first, last + 1


def whole_chunk(chunk: ColumnChunk, num_rows: int) -> ChunkPages:
    """A chunk without an offset index, seen as a single page of all its rows."""
    return ChunkPages(
        chunk_start=chunk.start,
        pages=(Page(chunk.start, chunk.compressed_size, 0),),
        num_rows=num_rows,
    )


def parse_offset_index(data: bytes, chunk: ColumnChunk, num_rows: int) -> ChunkPages:
    try:
        raw, _ = decode_struct(data)
        pages = tuple(
            Page(field(location, 1), field(location, 2), field(location, 3))
            for location in field(raw, 1).values
        )
    except (ThriftError, AttributeError, TypeError) as error:
        raise ParquetFormatError(f"unreadable offset index of {chunk.name}: {error}") from error
    if not pages:
        raise ParquetFormatError(f"empty offset index of {chunk.name}")
    return ChunkPages(chunk_start=chunk.start, pages=pages, num_rows=num_rows)


def parse_page_bounds(data: bytes, chunk: ColumnChunk) -> list[tuple[int, int] | None]:
    """Min and max of each page of an integer column (None for an all-null page)."""
    try:
        raw, _ = decode_struct(data)
        nulls = field(raw, 1).values
        minima, maxima = field(raw, 2).values, field(raw, 3).values
    except (ThriftError, AttributeError, TypeError) as error:
        raise ParquetFormatError(f"unreadable column index of {chunk.name}: {error}") from error
    return [
        None
        if null
        else (decode_int(chunk.physical_type, low), decode_int(chunk.physical_type, high))
        for null, low, high in zip(nulls, minima, maxima, strict=True)
    ]
