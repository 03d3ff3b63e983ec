"""Decode selected pages of one column by wrapping them in a minimal one-column parquet file."""

from __future__ import annotations

import struct

import attrs
import pyarrow as pa
import pyarrow.parquet as pq

from adapters.parquet.footer import MAGIC, ColumnChunk, FileFooter
from adapters.parquet.ranged_reader import ParquetFormatError
from adapters.parquet.thrift_compact import I32, I64, LIST, STRUCT, TList, TStruct, encode_struct
from adapters.parquet.thrift_compact import field as get

# ColumnMetaData fields that describe the whole original chunk and would be wrong for a part.
_WHOLE_CHUNK_ONLY = (10, 11, 12, 13, 14, 15, 16, 17)


@attrs.frozen(kw_only=True)
class ColumnPart:
    """Contiguous runs of a chunk's bytes (dictionary, then data pages) holding `num_rows` rows."""

    chunk: ColumnChunk
    pieces: tuple[tuple[int, bytes], ...]
    first_data_page: int
    num_rows: int
    with_dictionary: bool = True  # False: only plain-encoded pages, the dictionary not fetched


def decode_column(footer: FileFooter, name: str, parts: list[ColumnPart]) -> pa.ChunkedArray:
    """The rows of `parts` (one per row group) as one column; no parts gives an empty column."""
    data = column_file(footer, name, parts)
    try:
        return pq.ParquetFile(pa.BufferReader(data)).read(use_threads=False).column(0)
    except (pa.ArrowException, OSError) as error:
        raise ParquetFormatError(f"cannot decode pages of column {name}: {error}") from error


def column_file(footer: FileFooter, name: str, parts: list[ColumnPart]) -> bytes:
    body = bytearray(MAGIC)
    row_groups = []
    for part in parts:
        new_start = len(body)
        relocate = _relocation(part.pieces, new_start)
        for _, chunk_bytes in part.pieces:
            body += chunk_bytes
        size = len(body) - new_start
        row_groups.append(_row_group(part, relocate, new_start, size))
    metadata = _file_metadata(footer, name, row_groups, sum(p.num_rows for p in parts))
    footer_bytes = encode_struct(metadata)
    return bytes(body) + footer_bytes + struct.pack("<I", len(footer_bytes)) + MAGIC


def _relocation(pieces: tuple[tuple[int, bytes], ...], new_start: int):
    starts, position = [], new_start
    for offset, chunk_bytes in pieces:
        starts.append((offset, len(chunk_bytes), position))
        position += len(chunk_bytes)

    def relocate(offset: int) -> int:
        for old, length, new in starts:
            if old <= offset < old + length:
                return new + offset - old
        raise ParquetFormatError(f"offset {offset} is outside the fetched pages")

    return relocate


def _row_group(part: ColumnPart, relocate, new_start: int, size: int) -> TStruct:
    original = part.chunk.metadata
    meta = {k: v for k, v in original.items() if k not in _WHOLE_CHUNK_ONLY}
    ratio = size / max(part.chunk.compressed_size, 1)
    meta[5] = (I64, part.num_rows)
    meta[6] = (I64, max(1, int(get(original, 6) * ratio)))
    meta[7] = (I64, size)
    meta[9] = (I64, relocate(part.first_data_page))
    dictionary = get(original, 11)
    if part.with_dictionary and dictionary is not None and 0 < dictionary < part.first_data_page:
        meta[11] = (I64, relocate(dictionary))
    chunk: TStruct = {2: (I64, new_start), 3: (STRUCT, meta)}
    return {
        1: (LIST, TList(STRUCT, [chunk])),
        2: (I64, size),
        3: (I64, part.num_rows),
    }


def _file_metadata(footer: FileFooter, name: str, row_groups: list[TStruct], rows: int) -> TStruct:
    raw = footer.raw
    root = dict(get(raw, 2).values[0])
    root[5] = (I32, 1)
    metadata: TStruct = {
        1: raw[1],
        2: (LIST, TList(STRUCT, [root, footer.schema_element(name)])),
        3: (I64, rows),
        4: (LIST, TList(STRUCT, row_groups)),
    }
    if 6 in raw:
        metadata[6] = raw[6]
    orders = get(raw, 7)
    if orders is not None and len(orders.values) == len(footer.column_names):
        index = footer.column_names.index(name)
        metadata[7] = (LIST, TList(orders.element_type, [orders.values[index]]))
    return metadata
