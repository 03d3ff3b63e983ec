"""Keeps external venues connected and their event streams complete while the service runs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from application.external_venues.policy import Backoff, SupervisionPolicy
from application.external_venues.supervised import SupervisedVenue
from domain.errors import VenueError
from ports.clock import Clock
from ports.external_venue import ExternalVenue

log = logging.getLogger(__name__)


class UnknownExternalVenue(KeyError):
    """A venue id that was never registered with the supervisor."""


class VenueSupervisor:
    """A registry of external venues with their lifecycle: connect at `start`, reconnect
    with exponential backoff (sleeping on the `Clock` port) whenever a connection is down,
    poll every `poll_interval_seconds`, disconnect at `stop`."""

    def __init__(self, *, clock: Clock, policy: SupervisionPolicy | None = None) -> None:
        self._clock, self._policy = clock, policy or SupervisionPolicy()
        self._venues: dict[str, SupervisedVenue] = {}
        self._tasks: list[asyncio.Task[None]] = []

    def register(
        self, venue: ExternalVenue, *, policy: SupervisionPolicy | None = None
    ) -> SupervisedVenue:
        """Supervise `venue`; register the returned wrapper wherever the venue is used."""
        supervised = SupervisedVenue(venue, clock=self._clock, policy=policy or self._policy)
        self._venues[venue.venue.venue_id] = supervised
        return supervised

    def get(self, venue_id: str) -> SupervisedVenue:
        try:
            return self._venues[venue_id]
        except KeyError:
            raise UnknownExternalVenue(venue_id) from None

    def all(self) -> list[SupervisedVenue]:
        return list(self._venues.values())

    async def start(self) -> None:
        for venue_id, venue in self._venues.items():
            connected = await self._try(venue, first=True)
            self._spawn(venue.pump(), f"pump-{venue_id}")
            self._spawn(self._watch(venue, backoff_first=not connected), f"watch-{venue_id}")
            self._spawn(self._poll(venue), f"poll-{venue_id}")

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        for venue in self._venues.values():
            try:
                await venue.disconnect()
            except VenueError as failure:
                log.warning("disconnecting %s: %s", venue.venue.venue_id, failure)

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> None:
        self._tasks.append(asyncio.create_task(work, name=name))

    async def _watch(self, venue: SupervisedVenue, *, backoff_first: bool) -> None:
        backoff = Backoff(venue.policy)
        if backoff_first:
            await self._clock.sleep(backoff.next_delay())
        while True:
            if venue.connected:
                backoff.reset()
                await self._clock.sleep(venue.policy.health_check_seconds)
            elif await self._try(venue, first=False):
                backoff.reset()
            else:
                await self._clock.sleep(backoff.next_delay())

    async def _try(self, venue: SupervisedVenue, *, first: bool) -> bool:
        venue.health.connect_attempts += 1
        try:
            await (venue.connect() if first else venue.reconnect())
        except Exception as failure:  # any failure means: try again later
            venue.health.last_error = str(failure)
            log.warning("connecting %s failed: %s", venue.venue.venue_id, failure)
            return False
        if not first:
            venue.health.reconnects += 1
        venue.health.last_error = None
        return True

    async def _poll(self, venue: SupervisedVenue) -> None:
        while True:
            await self._clock.sleep(venue.policy.poll_interval_seconds)
            try:
                await venue.poll_once()
            except VenueError as failure:
                log.info("polling %s failed: %s", venue.venue.venue_id, failure)
            except Exception:  # a dead poller would silently stop reconciliation
                log.exception("polling %s crashed", venue.venue.venue_id)
