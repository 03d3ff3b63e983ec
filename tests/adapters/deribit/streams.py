"""Reading a venue's event stream in tests, with timeouts instead of sleeps."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from domain.venue_events import OrderFilled, VenueEvent


class EventReader:
    """Reads one venue's `events()` in a background task; everything read is in `seen`."""

    def __init__(self, stream: AsyncIterator[VenueEvent]) -> None:
        self.seen: list[VenueEvent] = []
        self._changed = asyncio.Event()
        self._task = asyncio.create_task(self._read(stream))

    async def _read(self, stream: AsyncIterator[VenueEvent]) -> None:
        async for event in stream:
            self.seen.append(event)
            self._changed.set()

    async def until(
        self, done: Callable[[list[VenueEvent]], bool], timeout: float = 3.0
    ) -> list[VenueEvent]:
        """Wait until `done(seen)` holds; fails the test after `timeout` seconds."""
        async with asyncio.timeout(timeout):
            while not done(self.seen):
                self._changed.clear()
                await self._changed.wait()
        return self.seen

    async def settle(self, quiet: float = 0.2) -> list[VenueEvent]:
        """Wait until nothing more arrives for `quiet` seconds."""
        while True:
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), quiet)
            except TimeoutError:
                return self.seen

    def of[E: VenueEvent](self, kind: type[E]) -> list[E]:
        return [event for event in self.seen if isinstance(event, kind)]

    def trade_ids(self) -> list[str]:
        return [e.fill.venue_trade_id for e in self.of(OrderFilled)]

    def close(self) -> None:
        self._task.cancel()


def count_of(kind: type[VenueEvent], n: int) -> Callable[[list[VenueEvent]], bool]:
    return lambda seen: sum(isinstance(e, kind) for e in seen) >= n
