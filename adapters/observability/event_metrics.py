"""`EventMetrics`: an event-publisher subscriber counting orders, fills and reconciliations."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from domain.order import Order
from ports.metrics import Metrics

ORDER_TOPICS = frozenset({"order.created", "order.rejected", "order.accepted", "order.closed"})


class EventMetrics:
    """Called with every (topic, event) the service publishes; cheap and never raises into
    the order path. A terminal status counts once per operation, however it is announced
    (a fill that completes the order, then its close)."""

    def __init__(self, metrics: Metrics, *, remembered: int = 100_000) -> None:
        self._metrics = metrics
        self._terminal: OrderedDict[str, None] = OrderedDict()
        self._remembered = remembered

    def __call__(self, topic: str, event: object) -> None:
        if topic in ORDER_TOPICS and isinstance(event, Order):
            self._order(event)
        elif topic == "order.filled":
            order, fill = event  # type: ignore[misc]
            self._metrics.fill(fill.venue)
            self._order(order)
        elif topic == "reconciliation.completed":
            report: Any = event
            self._metrics.reconciliation(clean=report.clean, counts=report.counts)

    def _order(self, order: Order) -> None:
        if order.is_open:
            if order.status.value in ("PENDING", "ACCEPTED"):
                self._metrics.order_event(order.status.value, order.venue_label)
            return
        key = str(order.operation_id)
        if key in self._terminal:
            return
        self._terminal[key] = None
        if len(self._terminal) > self._remembered:
            self._terminal.popitem(last=False)
        self._metrics.order_event(order.status.value, order.venue_label)
