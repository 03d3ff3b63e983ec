"""GCS specifics: config from the environment, retries with backoff, 404s never retried."""

from __future__ import annotations

import pytest
from google.api_core import exceptions as gexc

from adapters.gcs.config import GcsConfig
from adapters.gcs.object_store import GcsBlobs, is_retryable
from application.execution.retry import RetryPolicy
from ports.object_store import StorageTarget
from ports.storage_errors import ObjectNotFound, StorageUnavailable

MD = StorageTarget.MARKET_DATA


class Flaky:
    """Raises the scripted errors in turn, then answers."""

    def __init__(self, *errors: Exception) -> None:
        self.errors, self.calls = list(errors), 0

    def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


@pytest.fixture
def blobs(gcs_client, gcs_buckets) -> tuple[GcsBlobs, list[float]]:
    delays: list[float] = []
    policy = RetryPolicy(max_attempts=3, base_delay_seconds=0.1, max_delay_seconds=1.0)
    return GcsBlobs(gcs_client, gcs_buckets, 5.0, policy, sleep=delays.append), delays


def test_config_reads_the_emulator_host_from_the_environment() -> None:
    config = GcsConfig.from_env({"STORAGE_EMULATOR_HOST": "http://127.0.0.1:9", "X": "y"})
    assert config.emulator_host == "http://127.0.0.1:9"
    assert GcsConfig.from_env({}).emulator_host is None
    assert GcsConfig.from_env({}, retry_attempts=7).retry.max_attempts == 7


def test_429_and_5xx_are_retried_with_growing_backoff(blobs) -> None:
    gcs, delays = blobs
    call = Flaky(gexc.TooManyRequests("slow down"), gexc.ServiceUnavailable("busy"))
    assert gcs.call(MD, "x", call) == "ok"
    assert call.calls == 3
    assert delays == [0.1, 0.2]


def test_persistent_failures_become_storage_unavailable_naming_the_object(blobs) -> None:
    gcs, _ = blobs
    call = Flaky(*[gexc.InternalServerError("boom")] * 5)
    with pytest.raises(StorageUnavailable, match=r"x\.parquet") as raised:
        gcs.call(MD, "x.parquet", call)
    assert call.calls == 3
    assert raised.value.bucket == gcs.buckets[MD]


def test_not_found_and_client_errors_are_not_retried(blobs) -> None:
    gcs, delays = blobs
    with pytest.raises(ObjectNotFound):
        gcs.call(MD, "x.parquet", Flaky(gexc.NotFound("gone")))
    with pytest.raises(gexc.Forbidden):
        gcs.call(MD, "x.parquet", Flaky(gexc.Forbidden("no")))
    assert delays == []
    assert not is_retryable(gexc.BadRequest("bad"))
    assert is_retryable(ConnectionError("reset"))


def test_ranged_reads_hit_the_emulator_with_range_headers(gcs_client, gcs_buckets) -> None:
    from adapters.gcs.object_store import GcsObjectStore
    from ports.object_store import DataFormat

    store = GcsObjectStore(gcs_client, gcs_buckets)
    store.upload(MD, "r.bin", bytes(range(256)) * 4, DataFormat.BYTES)
    assert store.read_range(MD, "r.bin", 250, 10) == bytes(
        [250, 251, 252, 253, 254, 255, 0, 1, 2, 3]
    )
    assert store.counters.bytes_read == 10
