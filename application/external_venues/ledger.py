"""What a supervised venue has already reported, so that no event goes out twice."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from domain.ids import ClientOrderId
from domain.venue_events import (
    OrderAccepted,
    OrderCanceled,
    OrderExpired,
    OrderFilled,
    OrderRejected,
    VenueEvent,
)


class EventLedger:
    """Admits each fill once (by venue trade id), each order's acceptance and end once, and
    holds an end learnt by polling until the fills the venue reported for it went out."""

    def __init__(self) -> None:
        self._trades: set[str] = set()
        self._filled: dict[ClientOrderId, Decimal] = defaultdict(Decimal)
        self._accepted: set[ClientOrderId] = set()
        self._closed: set[ClientOrderId] = set()
        self._held: dict[ClientOrderId, tuple[Decimal, VenueEvent]] = {}
        self.open: set[ClientOrderId] = set()

    def acknowledged(self, client_order_id: ClientOrderId) -> None:
        """A submit ack told the caller the order is working: no OrderAccepted needed."""
        self._accepted.add(client_order_id)
        if client_order_id not in self._closed:
            self.open.add(client_order_id)

    def admit(self, event: VenueEvent, *, filled: Decimal | None = None) -> list[VenueEvent]:
        """The events to emit for `event`: none if already reported; an end with `filled`
        (the venue's filled quantity) waits for its fills."""
        cid = event.client_order_id
        match event:
            case OrderFilled(fill=fill):
                if fill.venue_trade_id in self._trades:
                    return []
                self._trades.add(fill.venue_trade_id)
                self._filled[cid] += fill.quantity
                out: list[VenueEvent] = [event]
                held = self._held.get(cid)
                if held is not None and self._filled[cid] >= held[0]:
                    out.append(self._held.pop(cid)[1])
                return out
            case OrderAccepted():
                if cid in self._accepted or cid in self._closed:
                    return []
                self._accepted.add(cid)
                self.open.add(cid)
                return [event]
            case OrderCanceled() | OrderExpired() | OrderRejected():
                if cid in self._closed:
                    return []
                self._closed.add(cid)
                self.open.discard(cid)
                if filled is not None and self._filled[cid] < filled:
                    self._held[cid] = (filled, event)
                    return []
                return [event]
        return []

    def finished(self, client_order_id: ClientOrderId) -> None:
        """The venue reports the order filled: nothing more to expect but its fills."""
        self._closed.add(client_order_id)
        self.open.discard(client_order_id)
