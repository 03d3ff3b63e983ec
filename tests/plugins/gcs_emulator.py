"""GCS emulator fixtures: one gcp-storage-emulator server per session on a free loopback port."""

from __future__ import annotations

import itertools
import logging
import socket
from collections.abc import Iterator

import attrs
import pytest

from adapters.buckets import DEFAULT_BUCKETS
from adapters.gcs.config import EMULATOR_ENV, GcsConfig
from ports.object_store import StorageTarget

_bucket_sets = itertools.count(1)


@attrs.frozen
class GcsEmulator:
    """A running emulator: its URL and the config that points a client at it."""

    url: str

    @property
    def config(self) -> GcsConfig:
        return GcsConfig(emulator_host=self.url, project="test", retry_attempts=2)


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def gcs_emulator() -> Iterator[GcsEmulator]:
    from gcp_storage_emulator.server import create_server

    logging.getLogger("gcp_storage_emulator").setLevel(logging.WARNING)
    port = free_loopback_port()
    server = create_server("127.0.0.1", port, in_memory=True)
    server.start()
    url = f"http://127.0.0.1:{port}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(EMULATOR_ENV, url)
        try:
            yield GcsEmulator(url)
        finally:
            server.stop()


@pytest.fixture(scope="session")
def gcs_client(gcs_emulator: GcsEmulator):  # -> google.cloud.storage.Client
    from adapters.gcs.factory import make_client

    return make_client(gcs_emulator.config)


@pytest.fixture
def gcs_buckets(gcs_client) -> dict[StorageTarget, str]:
    """A fresh, empty bucket per target for one test."""
    suffix = next(_bucket_sets)
    buckets = {target: f"{name}-t{suffix}" for target, name in DEFAULT_BUCKETS.items()}
    for name in buckets.values():
        gcs_client.create_bucket(name)
    return buckets
