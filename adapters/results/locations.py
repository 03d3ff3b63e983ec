"""Where a stored object can be found by a person: `gs://bucket/path` or a local file path."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from adapters.buckets import DEFAULT_BUCKETS, bucket_map
from application.runs.reader import Locate
from ports.object_store import ObjectStore, StorageTarget


def gcs_locator(buckets: Mapping[StorageTarget, str] = DEFAULT_BUCKETS) -> Locate:
    names = bucket_map(buckets)
    return lambda target, path: f"gs://{names[target]}/{path}"


def local_locator(root: Path, buckets: Mapping[StorageTarget, str] = DEFAULT_BUCKETS) -> Locate:
    """The file the local store keeps the object in (names URL-encoded, CONTRACTS §2)."""
    from adapters.local.object_store import encode_name

    names = bucket_map(buckets)
    base = Path(root).resolve()
    return lambda target, path: str(base / names[target] / encode_name(path))


def memory_locator(buckets: Mapping[StorageTarget, str] = DEFAULT_BUCKETS) -> Locate:
    names = bucket_map(buckets)
    return lambda target, path: f"memory://{names[target]}/{path}"


def locate_in(store: ObjectStore) -> Locate:
    """The locator matching the adapter behind `store` (GCS unless local or memory)."""
    from adapters.local.object_store import LocalObjectStore
    from adapters.memory.object_store import MemoryObjectStore

    blobs = getattr(store, "blobs", None)
    buckets = getattr(blobs, "buckets", DEFAULT_BUCKETS)
    if isinstance(store, LocalObjectStore):
        return local_locator(store.blobs.root, buckets)
    if isinstance(store, MemoryObjectStore):
        return memory_locator(buckets)
    return gcs_locator(buckets)
