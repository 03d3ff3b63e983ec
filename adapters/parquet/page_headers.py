"""Page boundaries of a column chunk without a page index: its page headers, read one by one.

Files written with `pyarrow.parquet.write_table` defaults have no page index, but every
page starts with a thrift PageHeader giving its compressed size, its row count and (for
data pages) min/max statistics. Reading only those headers, with small ranged reads that
hop from one page to the next, locates the pages a window needs; the walk stops once it
has passed the rows asked for and is resumed from there by a later window.
"""

from __future__ import annotations

import attrs

from adapters.parquet.footer import ColumnChunk, decode_int
from adapters.parquet.page_index import ChunkPages, Page
from adapters.parquet.ranged_reader import ParquetFormatError, RangedReader
from adapters.parquet.thrift_compact import ThriftError, decode_struct, field

DATA_PAGE, INDEX_PAGE, DICTIONARY_PAGE, DATA_PAGE_V2 = range(4)
DICTIONARY_ENCODINGS = frozenset({2, 8})  # PLAIN_DICTIONARY, RLE_DICTIONARY
HEADER_GUESS = 128  # bytes read for one header; more when its statistics are longer
HEADER_LIMIT = 1 << 20
_ANY = (-(1 << 63), (1 << 63) - 1)  # a page without statistics may hold any timestamp


@attrs.frozen
class PageFacts:
    """What a data page's header says: rows, whether it needs the dictionary, ts bounds."""

    rows: int
    uses_dictionary: bool
    bounds: tuple[int, int] | None


class ChunkWalk:
    """The pages of one chunk found so far; `walk(reader, rows)` reads on to cover `rows`."""

    def __init__(self, chunk: ColumnChunk, num_rows: int) -> None:
        self.chunk, self.num_rows = chunk, num_rows
        self.dictionary: tuple[int, int] | None = None
        self.pages: list[Page] = []
        self.facts: list[PageFacts] = []
        self._next = chunk.start
        self._end = chunk.start + chunk.compressed_size
        self.rows_covered = 0

    @property
    def done(self) -> bool:
        return self.rows_covered >= self.num_rows or self._next >= self._end

    def walk(self, reader: RangedReader, rows: int) -> None:
        while self.rows_covered < min(rows, self.num_rows) and not self.done:
            self._step(reader)

    def chunk_pages(self) -> ChunkPages:
        """The walked pages (the last one ends at `rows_covered`)."""
        if not self.pages:
            raise ParquetFormatError(f"column {self.chunk.name}: no data page found")
        return ChunkPages(
            chunk_start=self.chunk.start, pages=tuple(self.pages), num_rows=self.rows_covered
        )

    def needs_dictionary(self, first: int, last: int) -> bool:
        return self.dictionary is not None and any(
            facts.uses_dictionary for facts in self.facts[first:last]
        )

    def _step(self, reader: RangedReader) -> None:
        offset = self._next
        header, header_length = _read_header(reader, offset, self._end, self.chunk.name)
        length = header_length + field(header, 3, 0)
        if length <= header_length and field(header, 3) is None:
            raise ParquetFormatError(f"column {self.chunk.name}: page header without a size")
        kind = field(header, 1)
        if kind == DICTIONARY_PAGE:
            self.dictionary = (offset, length)
        elif kind in (DATA_PAGE, DATA_PAGE_V2):
            facts = _data_page(header, kind, self.chunk)
            self.pages.append(Page(offset, length, self.rows_covered))
            self.facts.append(facts)
            self.rows_covered += facts.rows
        self._next = offset + length


def _read_header(reader: RangedReader, offset: int, end: int, name: str) -> tuple[dict, int]:
    size = HEADER_GUESS
    while True:
        data = reader.read_range(offset, min(size, end - offset))
        try:
            header, after = decode_struct(data)
            return header, after
        except ThriftError:
            if size >= HEADER_LIMIT or offset + size >= end:
                raise ParquetFormatError(
                    f"column {name}: unreadable page header at byte {offset}"
                ) from None
            size *= 4


def _data_page(header: dict, kind: int, chunk: ColumnChunk) -> PageFacts:
    if kind == DATA_PAGE:
        page = field(header, 5)
        rows, encoding, statistics = field(page, 1), field(page, 2), field(page, 5)
    else:
        page = field(header, 8)
        rows, encoding, statistics = field(page, 3), field(page, 4), field(page, 8)
    if page is None or rows is None:
        raise ParquetFormatError(f"column {chunk.name}: data page header without a row count")
    return PageFacts(
        rows=rows,
        uses_dictionary=encoding in DICTIONARY_ENCODINGS,
        bounds=_bounds(statistics, chunk),
    )


def _bounds(statistics: dict | None, chunk: ColumnChunk) -> tuple[int, int] | None:
    """Integer min/max of the page, `_ANY` when the writer gave none; None: not integers."""
    if not statistics:
        return _ANY
    low = field(statistics, 6, field(statistics, 2))
    high = field(statistics, 5, field(statistics, 1))
    if low is None or high is None:
        return _ANY
    try:
        return decode_int(chunk.physical_type, low), decode_int(chunk.physical_type, high)
    except ParquetFormatError:
        return None
