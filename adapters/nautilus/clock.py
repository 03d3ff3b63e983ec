"""The Clock port over a NautilusTrader clock (simulated in a backtest, real on a live node)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nautilus_trader.common.component import Clock as NautilusClockType

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class NautilusClock:
    """Reads the node's clock; waiting is done with nautilus timers, never by sleeping."""

    def __init__(self, clock: NautilusClockType) -> None:
        self._clock = clock

    def now_ns(self) -> int:
        return self._clock.timestamp_ns()

    def now(self) -> datetime:
        return EPOCH + timedelta(microseconds=self._clock.timestamp_ns() // 1_000)

    async def sleep(self, seconds: float) -> None:
        raise NotImplementedError("inside a nautilus node, wait with a time alert instead")
