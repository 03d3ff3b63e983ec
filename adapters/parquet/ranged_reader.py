"""The one thing the parquet reader needs from a store: an object's size and byte ranges of it."""

from __future__ import annotations

from typing import Protocol


class RangedReader(Protocol):
    """Random access to one stored object; each `read_range` is one counted request."""

    @property
    def size(self) -> int: ...

    def read_range(self, offset: int, length: int) -> bytes: ...


class ParquetFormatError(ValueError):
    """Bytes that are not a readable parquet file (truncated, wrong magic, bad footer)."""


class BytesReader:
    """A RangedReader over bytes already in memory (a whole download, a test fixture)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self.requests = 0
        self.bytes_read = 0

    @property
    def size(self) -> int:
        return len(self._data)

    def read_range(self, offset: int, length: int) -> bytes:
        chunk = self._data[offset : offset + length]
        self.requests += 1
        self.bytes_read += len(chunk)
        return chunk
