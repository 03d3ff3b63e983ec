"""BucketProbe: each bucket accessible or named with its error; a slow store times out."""

from __future__ import annotations

import threading

from adapters.memory.object_store import MemoryObjectStore
from application.health.bucket_probe import BucketProbe
from ports.object_store import StorageTarget


class StalledStore(MemoryObjectStore):
    """A store whose listing of one bucket hangs until released (a network stall)."""

    def __init__(self, stalled: StorageTarget) -> None:
        super().__init__()
        self.stalled, self.release = stalled, threading.Event()

    def list(self, target: StorageTarget, prefix: str = "") -> list[str]:
        if target is self.stalled:
            self.release.wait(timeout=5)
        return super().list(target, prefix)


async def test_every_bucket_answering_is_healthy() -> None:
    report = await BucketProbe(MemoryObjectStore()).check()
    assert report.healthy
    assert report.error is None
    assert report.details == {
        "buckets": {
            "instruments": {"accessible": True},
            "marketData": {"accessible": True},
            "execution": {"accessible": True},
        }
    }


async def test_a_missing_bucket_is_named_with_its_error_and_the_others_stay_accessible() -> None:
    store = MemoryObjectStore()
    store.blobs.drop_bucket(StorageTarget.MARKET_DATA)
    report = await BucketProbe(store).check()
    assert not report.healthy
    buckets = report.details["buckets"]
    assert buckets["marketData"]["accessible"] is False  # type: ignore[index]
    assert buckets["instruments"] == {"accessible": True}  # type: ignore[index]
    assert buckets["execution"] == {"accessible": True}  # type: ignore[index]
    assert (report.error or "").startswith("marketData: ")
    assert buckets["marketData"]["error"] in (report.error or "")  # type: ignore[index]


async def test_a_store_that_does_not_answer_in_time_is_unhealthy_with_the_timeout() -> None:
    store = StalledStore(StorageTarget.EXECUTION)
    try:
        report = await BucketProbe(store, timeout_s=0.05).check()
    finally:
        store.release.set()
    assert not report.healthy
    assert report.error == "execution: no answer within 0.05 s"
    assert report.details["buckets"]["instruments"] == {"accessible": True}  # type: ignore[index]
