"""A controllable clock: time moves only when told, sleepers wake when it passes them."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from datetime import UTC, datetime

NS = 1_000_000_000


class ControllableClock:
    """Simulated time in ns since epoch; `advance` wakes every sleeper that is due."""

    def __init__(self, start: datetime | int = datetime(2024, 1, 1, tzinfo=UTC)) -> None:
        self._now_ns = start if isinstance(start, int) else int(start.timestamp() * NS)
        self._sleepers: list[tuple[int, int, asyncio.Future[None]]] = []
        self._sequence = itertools.count()
        self._now_cache: tuple[int, datetime] = (-1, datetime.min.replace(tzinfo=UTC))

    def now_ns(self) -> int:
        return self._now_ns

    def now(self) -> datetime:
        if self._now_cache[0] != self._now_ns:  # time stands still between advances: reuse
            self._now_cache = (self._now_ns, datetime.fromtimestamp(self._now_ns / NS, tz=UTC))
        return self._now_cache[1]

    def set_ns(self, ts_ns: int) -> None:
        """Jump to `ts_ns` (never backwards) without waking sleepers; `advance` does."""
        self._now_ns = max(self._now_ns, ts_ns)

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(
            self._sleepers, (self._now_ns + int(seconds * NS), next(self._sequence), future)
        )
        await future

    async def advance(self, seconds: float) -> None:
        """Move time forward, waking sleepers in order and letting each run in turn."""
        target = self._now_ns + int(seconds * NS)
        while self._sleepers and self._sleepers[0][0] <= target:
            wake_at, _, future = heapq.heappop(self._sleepers)
            self._now_ns = max(self._now_ns, wake_at)
            if not future.done():
                future.set_result(None)
            await _let_woken_tasks_run()
        self._now_ns = target
        await _let_woken_tasks_run()

    @property
    def pending_sleepers(self) -> int:
        return sum(1 for *_, future in self._sleepers if not future.done())


async def _let_woken_tasks_run(rounds: int = 200) -> None:
    """Yield enough loop turns for a woken task to run to its next sleep (no real I/O here)."""
    for _ in range(rounds):
        await asyncio.sleep(0)
