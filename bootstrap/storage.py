"""Builds the object store the configuration names (GCS primary, local fallback, memory)."""

from __future__ import annotations

from pathlib import Path

from application.settings.schema import Settings
from ports.object_store import ObjectStore, StorageTarget


def build_object_store(settings: Settings) -> ObjectStore:
    """GCS by default; the local directory only when `storage.backend` says so; memory."""
    storage = settings.storage
    buckets = {StorageTarget(target): name for target, name in storage.buckets.items()}
    if storage.backend == "local":
        from adapters.local.object_store import LocalObjectStore

        return LocalObjectStore(Path(storage.local_root), buckets)
    if storage.backend == "memory":
        from adapters.memory.object_store import MemoryObjectStore

        return MemoryObjectStore(buckets)
    from adapters.gcs.config import GcsConfig
    from adapters.gcs.factory import make_gcs_store

    config = GcsConfig.from_env(project=storage.project, timeout_s=storage.timeout_seconds)
    return make_gcs_store(config, buckets)
