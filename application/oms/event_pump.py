"""Feeds every venue's event stream into order tracking while the service runs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime

from application.execution.venue_registry import VenueRegistry
from application.external_venues.supervisor import VenueSupervisor
from application.oms.order_tracking import OrderTracking
from domain.errors import VenueError
from ports.clock import Clock
from ports.execution_venue import ExecutionVenue

log = logging.getLogger(__name__)


SETTLE_SECONDS = 1.0


class VenueEventPump:
    """One task per venue: connect, then apply each reported event in arrival order; one
    more task settles what is pending (store outages, kept events, unknown outcomes)."""

    def __init__(
        self,
        *,
        venues: VenueRegistry,
        tracking: OrderTracking,
        clock: Clock,
        supervisor: VenueSupervisor | None = None,
        settle_seconds: float = SETTLE_SECONDS,
    ) -> None:
        self._venues, self._tracking, self._supervisor = venues, tracking, supervisor
        self._clock, self._settle_seconds = clock, settle_seconds
        self._tasks: list[asyncio.Task[None]] = []
        self.last_event_at: dict[str, datetime] = {}
        self.events_applied: dict[str, int] = {}

    def _supervised(self) -> set[str]:
        if self._supervisor is None:
            return set()
        return {venue.venue.venue_id for venue in self._supervisor.all()}

    async def start(self) -> None:
        """Connect every venue (the supervisor keeps retrying external ones), then pump."""
        if self._supervisor is not None:
            await self._supervisor.start()
        supervised = self._supervised()
        for adapter in self._venues.all():
            venue_id = adapter.venue.venue_id
            if venue_id not in supervised and not adapter.connected:
                try:
                    await adapter.connect()
                except VenueError as failure:  # the venue is down; the router skips it
                    log.error("could not connect %s: %s", venue_id, failure)
            self._tasks.append(asyncio.create_task(self._pump(adapter), name=f"pump-{venue_id}"))
        self._tasks.append(asyncio.create_task(self._settle(), name="settle-pending"))

    async def _settle(self) -> None:
        while True:
            await self._clock.sleep(self._settle_seconds)
            try:
                await self._tracking.settle()
            except Exception:  # settling again next time is the cure
                log.exception("settling pending venue facts failed")

    async def _pump(self, adapter: ExecutionVenue) -> None:
        venue_id = adapter.venue.venue_id
        async for event in adapter.events():
            self.last_event_at[venue_id] = self._clock.now()
            self.events_applied[venue_id] = self.events_applied.get(venue_id, 0) + 1
            try:
                await self._tracking.on_event(event)
            except Exception:  # one bad event must not stop the stream, nor be dropped
                log.exception("failed to apply %s from %s: kept", type(event).__name__, venue_id)
                self._tracking.keep(event)

    async def drain(self) -> None:
        """Let queued events be applied (tests and shutdown), then settle what is pending."""
        for _ in range(20):
            await asyncio.sleep(0)
        await self._tracking.settle()

    async def stop(self) -> None:
        """Settle once more (what is still pending is published), then stop every task."""
        try:
            await self._tracking.settle()
        except Exception:  # stopping must not fail; the pending state was published
            log.exception("settling at shutdown failed")
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        if self._supervisor is not None:
            await self._supervisor.stop()
        supervised = self._supervised()
        for adapter in self._venues.all():
            if adapter.venue.venue_id not in supervised:
                await adapter.disconnect()
