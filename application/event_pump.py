"""Feeds every venue's event stream into order tracking while the service runs."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from application.order_tracking import OrderTracking
from application.venue_registry import VenueRegistry
from ports.execution_venue import ExecutionVenue

log = logging.getLogger(__name__)


class VenueEventPump:
    """One task per venue: connect, then apply each reported event in arrival order."""

    def __init__(self, *, venues: VenueRegistry, tracking: OrderTracking) -> None:
        self._venues, self._tracking = venues, tracking
        self._tasks: list[asyncio.Task[None]] = []
        self.last_event_ns: dict[str, int] = {}

    async def start(self) -> None:
        for adapter in self._venues.all():
            if not adapter.connected:
                await adapter.connect()
            self._tasks.append(
                asyncio.create_task(self._pump(adapter), name=f"pump-{adapter.venue.venue_id}")
            )

    async def _pump(self, adapter: ExecutionVenue) -> None:
        venue_id = adapter.venue.venue_id
        async for event in adapter.events():
            try:
                await self._tracking.on_event(event)
            except Exception:  # one bad event must not stop the venue's stream
                log.exception("failed to apply %s from %s", type(event).__name__, venue_id)

    async def drain(self) -> None:
        """Let queued events be applied (tests and shutdown)."""
        for _ in range(20):
            await asyncio.sleep(0)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        for adapter in self._venues.all():
            await adapter.disconnect()
