"""Events a venue reports about our orders."""

from __future__ import annotations

import attrs

from domain.fill import Fill
from domain.ids import ClientOrderId, VenueOrderId


@attrs.frozen(kw_only=True)
class OrderAccepted:
    venue: str
    client_order_id: ClientOrderId
    venue_order_id: VenueOrderId
    ts_event: int = 0


@attrs.frozen(kw_only=True)
class OrderRejected:
    venue: str
    client_order_id: ClientOrderId
    reason: str
    ts_event: int = 0


@attrs.frozen(kw_only=True)
class OrderFilled:
    venue: str
    client_order_id: ClientOrderId
    fill: Fill
    venue_order_id: VenueOrderId | None = None


@attrs.frozen(kw_only=True)
class OrderCanceled:
    venue: str
    client_order_id: ClientOrderId
    ts_event: int = 0


@attrs.frozen(kw_only=True)
class OrderExpired:
    venue: str
    client_order_id: ClientOrderId
    ts_event: int = 0


VenueEvent = OrderAccepted | OrderRejected | OrderFilled | OrderCanceled | OrderExpired
