"""Health of the buckets a backtest needs, checked through the ObjectStore port."""

from __future__ import annotations

import asyncio

from ports.health_probe import HealthReport
from ports.object_store import ObjectStore, StorageTarget

# Names as `/api/health/gcs` reports them (CONTRACTS §5).
BUCKETS = {
    "instruments": StorageTarget.INSTRUMENTS,
    "marketData": StorageTarget.MARKET_DATA,
    "execution": StorageTarget.EXECUTION,
}
PROBE_PREFIX = "__health__/"


class BucketProbe:
    """Lists an (empty) prefix in each bucket: accessible when the store answers in time."""

    def __init__(self, store: ObjectStore, timeout_s: float = 5.0) -> None:
        self._store = store
        self._timeout_s = timeout_s

    async def check(self) -> HealthReport:
        names = list(BUCKETS)
        errors = await asyncio.gather(*(self._problem(BUCKETS[name]) for name in names))
        buckets: dict[str, dict[str, object]] = {}
        for name, error in zip(names, errors, strict=True):
            buckets[name] = {"accessible": error is None}
            if error is not None:
                buckets[name]["error"] = error
        failed = [f"{name}: {error}" for name, error in zip(names, errors, strict=True) if error]
        return HealthReport(
            healthy=not failed,
            details={"buckets": buckets},
            error="; ".join(failed) or None,
        )

    async def _problem(self, target: StorageTarget) -> str | None:
        try:
            await asyncio.wait_for(
                asyncio.to_thread(self._store.list, target, PROBE_PREFIX), self._timeout_s
            )
        except TimeoutError:
            return f"no answer within {self._timeout_s:g} s"
        except Exception as error:  # any failure means the bucket is not usable now
            return str(error) or type(error).__name__
        return None
