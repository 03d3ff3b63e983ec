"""The ObjectStore adapters the contract suite runs against, and how to break each one's bucket."""

from __future__ import annotations

import shutil
from pathlib import Path

from adapters.gcs.object_store import GcsObjectStore
from adapters.local.object_store import LocalObjectStore
from adapters.memory.object_store import MemoryObjectStore
from adapters.parquet.blob_store import BlobObjectStore
from ports.object_store import StorageTarget

ADAPTERS = ("memory", "local", "gcs")


def build_store(kind: str, tmp_path: Path, gcs_client=None, gcs_buckets=None) -> BlobObjectStore:
    if kind == "memory":
        return MemoryObjectStore()
    if kind == "local":
        return LocalObjectStore(tmp_path / "store")
    return GcsObjectStore(gcs_client, gcs_buckets, timeout=10.0)


def remove_bucket(store: BlobObjectStore, target: StorageTarget, gcs_client=None) -> None:
    """Delete the (empty) bucket behind `target` in whichever technology the store uses."""
    if isinstance(store, MemoryObjectStore):
        store.blobs.drop_bucket(target)
    elif isinstance(store, LocalObjectStore):
        shutil.rmtree(store.blobs.root / store.buckets[target])
    else:
        gcs_client.bucket(store.buckets[target]).delete(force=True)
