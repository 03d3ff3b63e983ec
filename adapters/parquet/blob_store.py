"""The ObjectStore all adapters share: formats, counters, windowed parquet reads over blobs."""

from __future__ import annotations

import threading
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Protocol

import attrs
import pyarrow as pa

from adapters.parquet.formats import CONTENT_TYPES, decode, encode
from adapters.parquet.ranged_reader import ParquetFormatError
from adapters.parquet.window_reader import ParquetWindowReader, UnknownColumn, WindowReadOptions
from ports.object_store import DataFormat, IoCounters, StorageTarget
from ports.storage_errors import CorruptObject


@attrs.frozen
class ObjectStat:
    """Size of an object and a token that changes whenever its content does."""

    size: int
    version: Hashable


class Blobs(Protocol):
    """Raw object access of one technology; raises `ports.storage_errors` types itself."""

    buckets: Mapping[StorageTarget, str]

    def read(self, target: StorageTarget, path: str) -> bytes: ...

    def read_range(self, target: StorageTarget, path: str, offset: int, length: int) -> bytes: ...

    def stat(self, target: StorageTarget, path: str) -> ObjectStat: ...

    def write(self, target: StorageTarget, path: str, data: bytes, content_type: str) -> None: ...

    def exists(self, target: StorageTarget, path: str) -> bool: ...

    def names(self, target: StorageTarget, prefix: str) -> list[str]: ...

    # Optional: `location(target, path) -> str`, where a person finds the object (a local
    # file); blobs without it are named by their `gs://` URL.


class BlobObjectStore:
    """ObjectStore over `Blobs`: each call to the blobs is one counted request."""

    def __init__(self, blobs: Blobs, window_options: WindowReadOptions | None = None) -> None:
        self._blobs = blobs
        self._windows = ParquetWindowReader(window_options)
        self._counters = IoCounters()
        self._lock = threading.Lock()

    @property
    def buckets(self) -> Mapping[StorageTarget, str]:
        return self._blobs.buckets

    @property
    def counters(self) -> IoCounters:
        return self._counters

    def reset_counters(self) -> IoCounters:
        with self._lock:
            served, self._counters = self._counters, IoCounters()
        return served

    def download(self, target: StorageTarget, path: str, format: DataFormat) -> Any:
        data = self._blobs.read(target, path)
        self._count(bytes_read=len(data), read_requests=1)
        try:
            return decode(data, format)
        except ValueError as error:
            raise self._corrupt(target, path, str(error)) from error

    def download_streaming(
        self,
        target: StorageTarget,
        path: str,
        timestamp_range: tuple[int, int],
        timestamp_column: str = "ts_event",
        columns: Sequence[str] | None = None,
    ) -> pa.Table:
        stat = self.stat(target, path)
        reader = _CountedRange(self, target, path, stat.size)
        version = (target, path, stat.version)
        try:
            return self._windows.read(reader, version, timestamp_range, timestamp_column, columns)
        except ParquetFormatError as error:
            raise self._corrupt(target, path, str(error)) from error
        except UnknownColumn as error:
            raise UnknownColumn(f"{self.location(target, path)}: {error}") from error

    def upload(self, target: StorageTarget, path: str, data: Any, format: DataFormat) -> None:
        payload = encode(data, format)
        self._blobs.write(target, path, payload, CONTENT_TYPES[format])
        self._count(bytes_written=len(payload), write_requests=1)

    def exists(self, target: StorageTarget, path: str) -> bool:
        self._count(metadata_requests=1)
        return self._blobs.exists(target, path)

    def size(self, target: StorageTarget, path: str) -> int:
        return self.stat(target, path).size

    def stat(self, target: StorageTarget, path: str) -> ObjectStat:
        self._count(metadata_requests=1)
        return self._blobs.stat(target, path)

    def list(self, target: StorageTarget, prefix: str = "") -> list[str]:
        self._count(metadata_requests=1)
        return sorted(self._blobs.names(target, prefix))

    def read_range(self, target: StorageTarget, path: str, offset: int, length: int) -> bytes:
        data = self._blobs.read_range(target, path, offset, length)
        self._count(bytes_read=len(data), read_requests=1)
        return data

    def location(self, target: StorageTarget, path: str) -> str:
        """A `gs://` URL, or the local file of a local store."""
        locate = getattr(self._blobs, "location", None)
        return locate(target, path) if locate else f"gs://{self.buckets[target]}/{path}"

    def _corrupt(self, target: StorageTarget, path: str, reason: str) -> CorruptObject:
        bucket = self.buckets[target]
        return CorruptObject(target, bucket, path, reason, location=self.location(target, path))

    def _count(self, **deltas: int) -> None:
        with self._lock:
            self._counters = self._counters + IoCounters(**deltas)


class _CountedRange:
    """One object of a BlobObjectStore seen as a RangedReader."""

    def __init__(self, store: BlobObjectStore, target: StorageTarget, path: str, size: int) -> None:
        self._store, self._target, self._path, self._size = store, target, path, size

    @property
    def size(self) -> int:
        return self._size

    def read_range(self, offset: int, length: int) -> bytes:
        return self._store.read_range(self._target, self._path, offset, length)
