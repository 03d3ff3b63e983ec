"""Builds the GCS client and store from a GcsConfig; nothing is built at import time."""

from __future__ import annotations

from collections.abc import Mapping

from adapters.buckets import DEFAULT_BUCKETS
from adapters.gcs.config import GcsConfig
from adapters.gcs.object_store import GcsObjectStore
from ports.object_store import StorageTarget


def make_client(config: GcsConfig):  # -> google.cloud.storage.Client
    """A storage client: anonymous against the emulator, default credentials otherwise."""
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import storage

    if config.emulator_host:
        return storage.Client(
            project=config.project or "local-emulator",
            credentials=AnonymousCredentials(),
            client_options={"api_endpoint": config.emulator_host},
        )
    return storage.Client(project=config.project)


def make_gcs_store(
    config: GcsConfig, buckets: Mapping[StorageTarget, str] = DEFAULT_BUCKETS
) -> GcsObjectStore:
    return GcsObjectStore(
        make_client(config), buckets, timeout=config.timeout_s, retry=config.retry
    )
