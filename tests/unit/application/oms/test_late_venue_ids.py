"""A submit answered before the venue's ack (a node answers once it has sent the order)
learns the venue's order id from the ack or the first fill that comes later."""

from __future__ import annotations

from decimal import Decimal

from adapters.memory.store import MemoryDatabase
from bootstrap.build import ApplicationContainer
from domain.enums import OrderStatus
from domain.ids import OperationId, VenueOrderId
from domain.order import Order
from domain.venue_events import OrderAccepted, OrderFilled
from tests.unit.application.desk import VENUES, a_buy, a_desk, venue


async def _answered_without_an_id(op: str) -> tuple[ApplicationContainer, MemoryDatabase, Order]:
    desk = await a_desk()
    await desk.core.orchestrator().execute(a_buy(op, price="29000", venue_id=VENUES[0]))
    database: MemoryDatabase = desk.infra.database()
    stored = database.orders[OperationId(op)]
    order = await desk.core.oms().find_by_client_id(stored.client_order_id)
    assert order is not None
    assert order.status is OrderStatus.ACCEPTED
    assert stored.venue_order_id not in (None, "X-1", "X-9")
    order.venue_order_id = None  # as the node's answer: sent, the exchange's id not yet known
    return desk, database, order


def _stored(database: MemoryDatabase, op: str) -> Order:
    return database.orders[OperationId(op)]


async def test_the_venue_ack_after_the_answer_records_the_venue_order_id() -> None:
    desk, database, order = await _answered_without_an_id("late-ack")

    await desk.core.tracking().on_event(
        OrderAccepted(
            venue=VENUES[0],
            client_order_id=order.client_order_id,
            venue_order_id=VenueOrderId("X-1"),
        )
    )

    assert _stored(database, "late-ack").venue_order_id == "X-1"
    assert _stored(database, "late-ack").status is OrderStatus.ACCEPTED


async def test_a_later_ack_never_overwrites_a_known_venue_order_id() -> None:
    desk, database, order = await _answered_without_an_id("known")
    for venue_id in ("X-1", "X-2"):
        await desk.core.tracking().on_event(
            OrderAccepted(
                venue=VENUES[0],
                client_order_id=order.client_order_id,
                venue_order_id=VenueOrderId(venue_id),
            )
        )

    assert _stored(database, "known").venue_order_id == "X-1"


async def test_a_fill_whose_ack_was_lost_brings_the_venue_order_id() -> None:
    desk, database, order = await _answered_without_an_id("late-fill")
    await venue(desk).trade_against(order.listing, Decimal(29000), Decimal(1))
    event = venue(desk)._queue.get_nowait()
    assert isinstance(event, OrderFilled)
    named = OrderFilled(
        venue=event.venue,
        client_order_id=event.client_order_id,
        fill=event.fill,
        venue_order_id=VenueOrderId("X-9"),
    )

    await desk.core.tracking().on_event(named)

    stored = _stored(database, "late-fill")
    assert stored.venue_order_id == "X-9"
    assert stored.status is OrderStatus.FILLED
    assert len(database.fills_by_order[OperationId("late-fill")]) == 1
