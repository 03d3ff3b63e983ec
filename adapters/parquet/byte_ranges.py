"""Byte ranges to fetch: coalesced into few requests, then sliced back out of what came."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from adapters.parquet.ranged_reader import ParquetFormatError, RangedReader


@attrs.frozen(order=True)
class ByteRange:
    offset: int
    length: int

    @property
    def end(self) -> int:
        return self.offset + self.length


def coalesce(ranges: Iterable[ByteRange], max_gap: int) -> list[ByteRange]:
    """Sorted, merged ranges: overlapping or closer than `max_gap` bytes become one request."""
    merged: list[ByteRange] = []
    for current in sorted(r for r in ranges if r.length > 0):
        if merged and current.offset <= merged[-1].end + max_gap:
            last = merged[-1]
            merged[-1] = ByteRange(last.offset, max(last.end, current.end) - last.offset)
        else:
            merged.append(current)
    return merged


class FetchedBytes:
    """The blocks read for a set of ranges; any range inside them can be sliced back out."""

    def __init__(self, blocks: dict[int, bytes]) -> None:
        self._starts = sorted(blocks)
        self._blocks = blocks

    def slice(self, wanted: ByteRange) -> bytes:
        for start in self._starts:
            block = self._blocks[start]
            if start <= wanted.offset and wanted.end <= start + len(block):
                return block[wanted.offset - start : wanted.end - start]
        raise ParquetFormatError(f"bytes {wanted.offset}..{wanted.end} were not fetched")


def fetch(reader: RangedReader, ranges: Iterable[ByteRange], max_gap: int) -> FetchedBytes:
    """One request per coalesced range; a short read means the object is truncated."""
    blocks = {}
    for block in coalesce(ranges, max_gap):
        if block.end > reader.size:
            raise ParquetFormatError(
                f"bytes {block.offset}..{block.end} lie past the end of a {reader.size}-byte object"
            )
        data = reader.read_range(block.offset, block.length)
        if len(data) != block.length:
            raise ParquetFormatError(f"short read: {len(data)} of {block.length} bytes")
        blocks[block.offset] = data
    return FetchedBytes(blocks)
