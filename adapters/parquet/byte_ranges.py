"""Byte ranges to fetch: coalesced into few requests, then sliced back out of what came."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterable

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

    def __init__(self, blocks: list[tuple[int, bytes]]) -> None:
        self._blocks = blocks

    def slice(self, wanted: ByteRange) -> bytes:
        for start, block in self._blocks:
            if start <= wanted.offset and wanted.end <= start + len(block):
                return block[wanted.offset - start : wanted.end - start]
        raise ParquetFormatError(f"bytes {wanted.offset}..{wanted.end} were not fetched")


class BlockCache:
    """Blocks already read, per object version, so overlapping windows do not read twice."""

    def __init__(self, budget_bytes: int) -> None:
        self._budget = budget_bytes
        self._blocks: OrderedDict[tuple[Hashable, int], bytes] = OrderedDict()
        self._held = 0

    def find(self, version: Hashable, wanted: ByteRange) -> bytes | None:
        for (block_version, start), block in self._blocks.items():
            if (
                block_version == version
                and start <= wanted.offset
                and wanted.end <= start + len(block)
            ):
                self._blocks.move_to_end((block_version, start))
                return block[wanted.offset - start : wanted.end - start]
        return None

    def add(self, version: Hashable, start: int, block: bytes) -> None:
        if len(block) > self._budget:
            return
        previous = self._blocks.pop((version, start), None)
        self._held += len(block) - (len(previous) if previous is not None else 0)
        self._blocks[(version, start)] = block
        while self._held > self._budget:
            _, evicted = self._blocks.popitem(last=False)
            self._held -= len(evicted)


def fetch(
    reader: RangedReader,
    ranges: Iterable[ByteRange],
    max_gap: int,
    cache: BlockCache | None = None,
    version: Hashable = None,
) -> FetchedBytes:
    """One request per coalesced range not already cached; a short read means truncation."""
    found: list[tuple[int, bytes]] = []
    missing = []
    for wanted in ranges:
        cached = cache.find(version, wanted) if cache is not None else None
        if cached is None:
            missing.append(wanted)
        else:
            found.append((wanted.offset, cached))
    for block in coalesce(missing, max_gap):
        if block.end > reader.size:
            raise ParquetFormatError(
                f"bytes {block.offset}..{block.end} lie past the end of a {reader.size}-byte object"
            )
        data = reader.read_range(block.offset, block.length)
        if len(data) != block.length:
            raise ParquetFormatError(f"short read: {len(data)} of {block.length} bytes")
        found.append((block.offset, data))
        if cache is not None:
            cache.add(version, block.offset, data)
    return FetchedBytes(found)
