"""Memory event publisher: keeps recent events and calls subscribers."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable

log = logging.getLogger(__name__)


class InMemoryEventPublisher:
    """Ring buffer of (topic, event) plus synchronous subscribers that may not raise."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.events: deque[tuple[str, object]] = deque(maxlen=capacity)
        self._subscribers: list[Callable[[str, object], None]] = []

    def subscribe(self, callback: Callable[[str, object], None]) -> None:
        self._subscribers.append(callback)

    def publish(self, topic: str, event: object) -> None:
        self.events.append((topic, event))
        for callback in self._subscribers:
            try:
                callback(topic, event)
            except Exception:  # an observer must never break the order path
                log.exception("event subscriber failed on %s", topic)

    def topics(self) -> list[str]:
        return [topic for topic, _ in self.events]
