"""GET /api/events: Server-Sent Events of order, fill, position and venue-state changes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

from litestar import Router, get
from litestar.di import NamedDependency, Provide
from litestar.response import ServerSentEvent, ServerSentEventMessage

from application.positions.tracker import UnifiedPositionTracker
from domain.order import Order
from entrypoints.http.messages import fill_json, order_json, position_json

VenueStates = Callable[[], list[dict[str, Any]]]
QUEUE_SIZE = 1_000


class EventHub:
    """Subscribed once to the event publisher; fans each event out to every open stream.
    A stream that does not keep up loses its oldest events and is told so (`lagged`)."""

    def __init__(self, positions: UnifiedPositionTracker) -> None:
        self._positions = positions
        self._queues: set[asyncio.Queue[tuple[str, dict[str, Any]]]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    def observe(self, topic: str, event: object) -> None:
        """Publisher subscriber (runs on the order path: only enqueue)."""
        if not self._queues:
            return
        for name, body in self._messages(topic, event):
            self._offer(name, body)

    def _messages(self, topic: str, event: object) -> list[tuple[str, dict[str, Any]]]:
        if topic == "order.filled":
            order, fill = event  # type: ignore[misc]
            position = self._positions.position(fill.instrument_key)
            return [
                ("order", order_json(order)),
                ("fill", fill_json(fill)),
                ("position", position_json(position)),
            ]
        if topic.startswith("order.") and isinstance(event, Order):
            return [("order", order_json(event))]
        return []

    def _offer(self, name: str, body: dict[str, Any]) -> None:
        loop = self._loop
        for queue in list(self._queues):
            if loop is not None and not _in_loop(loop):
                loop.call_soon_threadsafe(_put, queue, (name, body))
            else:
                _put(queue, (name, body))

    async def stream(
        self, venue_states: VenueStates, idle_seconds: float = 2.0
    ) -> AsyncIterator[ServerSentEventMessage]:
        """One client's events; venue states when they change (checked while idle)."""
        self._loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue(QUEUE_SIZE)
        self._queues.add(queue)
        last_venues = venue_states()
        try:
            yield ServerSentEventMessage(event="hello", data=json.dumps({"venues": last_venues}))
            while True:
                try:
                    name, body = await asyncio.wait_for(queue.get(), idle_seconds)
                except TimeoutError:
                    venues = venue_states()
                    if venues != last_venues:
                        last_venues = venues
                        yield ServerSentEventMessage(event="venues", data=json.dumps(venues))
                    else:
                        yield ServerSentEventMessage(comment="keep-alive")
                    continue
                yield ServerSentEventMessage(event=name, data=json.dumps(body))
        finally:
            self._queues.discard(queue)

    @property
    def streams(self) -> int:
        return len(self._queues)


def _in_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


def _put(
    queue: asyncio.Queue[tuple[str, dict[str, Any]]], item: tuple[str, dict[str, Any]]
) -> None:
    if queue.full():
        queue.get_nowait()
        queue.put_nowait(("lagged", {"detail": "events were dropped: reload the tables"}))
        if queue.full():
            return
    queue.put_nowait(item)


@get("/api/events", sync_to_thread=False, media_type="text/event-stream")
def events(
    event_hub: NamedDependency[EventHub], venue_states: NamedDependency[VenueStates]
) -> ServerSentEvent:
    """`order`, `fill`, `position` events as they happen; `venues` when a venue's connection
    or breaker changes; a `hello` with the venues first."""
    return ServerSentEvent(event_hub.stream(venue_states))


def events_routes(hub: EventHub, venue_states: VenueStates) -> Router:
    """Subscribe `hub.observe` to the event publisher before serving."""

    def constant(value: object) -> Provide:
        return Provide(lambda: value, use_cache=True, sync_to_thread=False)

    return Router(
        path="/",
        route_handlers=[events],
        dependencies={"event_hub": constant(hub), "venue_states": constant(venue_states)},
    )


def venue_snapshot(venues: Any, breakers: Any) -> VenueStates:
    """Connection and breaker state of every venue, as the `venues` event carries it."""

    def states() -> list[dict[str, Any]]:
        return [
            {
                "venue_id": adapter.venue.venue_id,
                "connected": adapter.connected,
                "breaker": breakers.state(adapter.venue.venue_id).value,
            }
            for adapter in venues.all()
        ]

    return states
