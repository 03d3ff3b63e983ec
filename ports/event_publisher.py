"""Event publisher port: order, fill and risk events for observers (UI, logs, metrics)."""

from __future__ import annotations

from typing import Protocol


class EventPublisher(Protocol):
    """Fire-and-forget publication; must not raise into the order path."""

    def publish(self, topic: str, event: object) -> None: ...
