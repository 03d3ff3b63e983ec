"""The unified OMS: the order store, order tracking, venue events, ids and read queries."""

from application.oms.event_pump import VenueEventPump
from application.oms.ids import IdGenerator
from application.oms.new_order import new_order
from application.oms.order_tracking import OrderTracking
from application.oms.queries import OrderDetail, OrderQueries
from application.oms.unified_oms import DuplicateOperation, UnifiedOMS

__all__ = [
    "DuplicateOperation",
    "IdGenerator",
    "OrderDetail",
    "OrderQueries",
    "OrderTracking",
    "UnifiedOMS",
    "VenueEventPump",
    "new_order",
]
