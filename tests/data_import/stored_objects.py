"""Reading back what a store holds: every object's bytes, one file's parquet metadata."""

from __future__ import annotations

import io

import pyarrow.parquet as pq

from ports.object_store import DataFormat, ObjectStore, StorageTarget


def stored_objects(store: ObjectStore) -> dict[tuple[StorageTarget, str], bytes]:
    return {
        (target, path): store.download(target, path, DataFormat.BYTES)
        for target in StorageTarget
        for path in store.list(target)
    }


def parquet_metadata(store: ObjectStore, target: StorageTarget, path: str) -> pq.FileMetaData:
    return pq.ParquetFile(io.BytesIO(store.download(target, path, DataFormat.BYTES))).metadata
