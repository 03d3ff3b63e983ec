"""The parquet footer as the range reader needs it: row groups, column chunks, statistics."""

from __future__ import annotations

import base64
import struct

import attrs
import pyarrow as pa

from adapters.parquet.ranged_reader import ParquetFormatError, RangedReader
from adapters.parquet.thrift_compact import ThriftError, TList, TStruct, decode_struct, field

MAGIC = b"PAR1"
TAIL_GUESS = 16 * 1024
INT32, INT64 = 1, 2
REPEATED = 2


@attrs.frozen(kw_only=True)
class ColumnChunk:
    """Where one column of one row group lives, its statistics and its page index."""

    name: str
    physical_type: int
    start: int
    compressed_size: int
    num_values: int
    min_raw: bytes | None
    max_raw: bytes | None
    offset_index: tuple[int, int] | None
    column_index: tuple[int, int] | None
    metadata: TStruct = attrs.field(eq=False, repr=False)

    def min_max(self) -> tuple[int, int] | None:
        """Integer statistics, or None when the chunk has none usable."""
        if self.min_raw is None or self.max_raw is None:
            return None
        return decode_int(self.physical_type, self.min_raw), decode_int(
            self.physical_type, self.max_raw
        )


@attrs.frozen(kw_only=True)
class RowGroup:
    ordinal: int
    num_rows: int
    columns: dict[str, ColumnChunk]


@attrs.frozen(kw_only=True)
class FileFooter:
    """A decoded FileMetaData; `raw` keeps the thrift fields to write column files from."""

    size: int
    footer_bytes: int
    row_groups: tuple[RowGroup, ...]
    column_names: tuple[str, ...]
    flat: bool
    arrow_schema: pa.Schema | None
    raw: TStruct = attrs.field(eq=False, repr=False)

    @property
    def num_rows(self) -> int:
        return sum(group.num_rows for group in self.row_groups)

    def schema_element(self, name: str) -> TStruct:
        elements = field(self.raw, 2).values
        return elements[1 + self.column_names.index(name)]


def decode_int(physical_type: int, raw: bytes) -> int:
    if physical_type == INT64 and len(raw) == 8:
        return struct.unpack("<q", raw)[0]
    if physical_type == INT32 and len(raw) == 4:
        return struct.unpack("<i", raw)[0]
    raise ParquetFormatError(f"statistics of physical type {physical_type} are not integers")


def read_footer(reader: RangedReader) -> FileFooter:
    """Fetch and decode the footer: one request, two when it is larger than the first guess."""
    size = reader.size
    if size < 12:
        raise ParquetFormatError(f"{size} bytes is too short for a parquet file")
    tail = reader.read_range(size - min(size, TAIL_GUESS), min(size, TAIL_GUESS))
    if tail[-4:] != MAGIC:
        raise ParquetFormatError("no PAR1 magic at the end: truncated or not parquet")
    footer_length = struct.unpack("<I", tail[-8:-4])[0]
    if footer_length + 12 > size:
        raise ParquetFormatError(f"footer length {footer_length} exceeds the object size {size}")
    if footer_length + 8 > len(tail):  # fetch only the part of the footer not yet read
        missing = footer_length + 8 - len(tail)
        tail = reader.read_range(size - footer_length - 8, missing) + tail
    try:
        raw, _ = decode_struct(tail[-8 - footer_length : -8])
        return _footer(raw, size, footer_length)
    except (ThriftError, KeyError, TypeError, AttributeError) as error:
        raise ParquetFormatError(f"unreadable footer: {error}") from error


def _footer(raw: TStruct, size: int, footer_length: int) -> FileFooter:
    schema = field(raw, 2).values
    leaves = [element for element in schema[1:] if not field(element, 5)]
    names = tuple(field(element, 4).decode() for element in leaves)
    flat = len(leaves) == len(schema) - 1 and all(field(e, 3) != REPEATED for e in leaves)
    groups = tuple(
        _row_group(ordinal, group)
        for ordinal, group in enumerate(field(raw, 4, TList(12, [])).values)
    )
    return FileFooter(
        size=size,
        footer_bytes=footer_length + 8,
        row_groups=groups,
        column_names=names,
        flat=flat,
        arrow_schema=_arrow_schema(raw),
        raw=raw,
    )


def _row_group(ordinal: int, group: TStruct) -> RowGroup:
    columns = {}
    for chunk in field(group, 1).values:
        meta = field(chunk, 3)
        name = ".".join(part.decode() for part in field(meta, 3).values)
        data_offset, dictionary_offset = field(meta, 9), field(meta, 11)
        start = min(o for o in (data_offset, dictionary_offset) if o is not None and o > 0)
        stats = field(meta, 12, {})
        columns[name] = ColumnChunk(
            name=name,
            physical_type=field(meta, 1),
            start=start,
            compressed_size=field(meta, 7),
            num_values=field(meta, 5),
            min_raw=field(stats, 6, field(stats, 2)),
            max_raw=field(stats, 5, field(stats, 1)),
            offset_index=_location(chunk, 4, 5),
            column_index=_location(chunk, 6, 7),
            metadata=meta,
        )
    return RowGroup(ordinal=ordinal, num_rows=field(group, 3), columns=columns)


def _location(chunk: TStruct, offset_field: int, length_field: int) -> tuple[int, int] | None:
    offset, length = field(chunk, offset_field), field(chunk, length_field)
    return None if offset is None or not length else (offset, length)


def _arrow_schema(raw: TStruct) -> pa.Schema | None:
    """The schema pyarrow stored in the key-value metadata, so types read back the same."""
    for pair in field(raw, 5, TList(12, [])).values:
        if field(pair, 1) == b"ARROW:schema" and field(pair, 2):
            try:
                return pa.ipc.read_schema(pa.py_buffer(base64.b64decode(field(pair, 2))))
            except (pa.ArrowInvalid, ValueError):
                return None
    return None
