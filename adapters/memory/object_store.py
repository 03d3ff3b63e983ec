"""An in-memory object store: real bytes, real parquet, the same counters as GCS."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from adapters.buckets import DEFAULT_BUCKETS, bucket_map
from adapters.parquet.blob_store import BlobObjectStore, ObjectStat
from adapters.parquet.window_reader import WindowReadOptions
from ports.object_store import StorageTarget
from ports.storage_errors import BucketNotFound, ObjectNotFound


class MemoryBlobs:
    """Objects as bytes in dicts, one dict per existing bucket."""

    def __init__(self, buckets: Mapping[StorageTarget, str]) -> None:
        self.buckets = bucket_map(buckets)
        self._objects: dict[str, dict[str, tuple[bytes, int]]] = {
            name: {} for name in self.buckets.values()
        }
        self._versions = itertools.count(1)

    def drop_bucket(self, target: StorageTarget) -> None:
        """Make a bucket vanish (to exercise BucketNotFound)."""
        self._objects.pop(self.buckets[target], None)

    def _bucket(self, target: StorageTarget) -> dict[str, tuple[bytes, int]]:
        bucket = self.buckets[target]
        if bucket not in self._objects:
            raise BucketNotFound(target.value, bucket)
        return self._objects[bucket]

    def _entry(self, target: StorageTarget, path: str) -> tuple[bytes, int]:
        entry = self._bucket(target).get(path)
        if entry is None:
            raise ObjectNotFound(target.value, self.buckets[target], path)
        return entry

    def read(self, target: StorageTarget, path: str) -> bytes:
        return self._entry(target, path)[0]

    def read_range(self, target: StorageTarget, path: str, offset: int, length: int) -> bytes:
        return self._entry(target, path)[0][offset : offset + length]

    def stat(self, target: StorageTarget, path: str) -> ObjectStat:
        data, version = self._entry(target, path)
        return ObjectStat(len(data), version)

    def write(self, target: StorageTarget, path: str, data: bytes, content_type: str) -> None:
        self._bucket(target)[path] = (bytes(data), next(self._versions))

    def exists(self, target: StorageTarget, path: str) -> bool:
        return path in self._bucket(target)

    def names(self, target: StorageTarget, prefix: str) -> list[str]:
        return [name for name in self._bucket(target) if name.startswith(prefix)]


class MemoryObjectStore(BlobObjectStore):
    """ObjectStore kept in memory; buckets default to CONTRACTS §2's."""

    def __init__(
        self,
        buckets: Mapping[StorageTarget, str] = DEFAULT_BUCKETS,
        window_options: WindowReadOptions | None = None,
    ) -> None:
        self.blobs = MemoryBlobs(buckets)
        super().__init__(self.blobs, window_options)
