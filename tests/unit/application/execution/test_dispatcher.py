"""OrderDispatcher: reroutes only where the venue has no order, never an unknown; splits."""

from __future__ import annotations

from decimal import Decimal

from adapters.memory.store import MemoryDatabase
from domain.enums import OrderStatus
from domain.ids import OperationId
from domain.order import Order
from tests.unit.application.desk import VENUES, a_buy, a_desk, venue


def stored(database: MemoryDatabase, op: str) -> Order:
    return database.orders[OperationId(op)]


async def test_an_unpinned_order_goes_to_the_cheapest_venue_only() -> None:
    desk = await a_desk()
    result = await desk.core.orchestrator().execute(a_buy("plain"))
    assert result.status is OrderStatus.FILLED
    assert result.venue == VENUES[0]  # equal books and fees: the first by name
    assert venue(desk, VENUES[1]).submitted == []


async def test_a_venue_that_never_got_the_order_is_excluded_and_the_order_routed_again() -> None:
    desk = await a_desk(attempts=1)
    first, second = venue(desk, VENUES[0]), venue(desk, VENUES[1])
    first.faults.fail_next(1, code="UNAVAILABLE")  # the venue says it has no such order
    result = await desk.core.orchestrator().execute(a_buy("around"))
    assert result.status is OrderStatus.FILLED
    assert result.venue == VENUES[1]
    assert first.faults.submit_calls == 1
    assert len(second.submitted) == 1


async def test_a_definite_refusal_is_not_rerouted() -> None:
    desk = await a_desk()
    first, second = venue(desk, VENUES[0]), venue(desk, VENUES[1])
    first.faults.reject_reason = "reduce-only order would increase position"
    result = await desk.core.orchestrator().execute(a_buy("refused"))
    assert result.status is OrderStatus.REJECTED
    assert second.faults.submit_calls == 0
    assert first.faults.submit_calls == 1  # a final answer is not retried either


async def test_an_unknown_outcome_is_never_rerouted_even_unpinned() -> None:
    desk = await a_desk()
    first, second = venue(desk, VENUES[0]), venue(desk, VENUES[1])
    first.faults.error_after_work(1, lost=True)
    first.faults.queries_fail = True
    result = await desk.core.orchestrator().execute(a_buy("unknown", price="29000"))
    assert result.status is OrderStatus.SUBMITTED
    assert second.faults.submit_calls == 0
    assert [o.operation_id for o in desk.core.tracking().unknown_outcomes] == ["unknown"]


async def test_a_pinned_order_fails_when_its_venue_cannot_take_it() -> None:
    desk = await a_desk(attempts=1)
    first, second = venue(desk, VENUES[0]), venue(desk, VENUES[1])
    first.faults.fail_next(1, code="UNAVAILABLE")
    result = await desk.core.orchestrator().execute(a_buy("pinned", venue_id=VENUES[0]))
    assert result.status is OrderStatus.REJECTED
    assert (result.error_message or "").startswith("VENUE_UNAVAILABLE: ")
    assert "UNAVAILABLE" in (result.error_message or "")
    assert second.faults.submit_calls == 0


async def test_when_every_venue_failed_the_order_fails_naming_the_last_error_and_each_venue() -> (
    None
):
    desk = await a_desk(attempts=1)
    for venue_id in VENUES:
        venue(desk, venue_id).faults.fail_next(1, code="BUSY")
    result = await desk.core.orchestrator().execute(a_buy("nowhere"))
    assert result.status is OrderStatus.REJECTED
    message = result.error_message or ""
    assert message.startswith(f"NO_ROUTE: {VENUES[1]} [BUSY]")
    for venue_id in VENUES:
        assert f"{venue_id}: excluded after a failure on this order" in message


async def test_no_connected_venue_fails_the_order_before_any_venue_is_called() -> None:
    desk = await a_desk()
    for venue_id in VENUES:
        await venue(desk, venue_id).disconnect()
    result = await desk.core.orchestrator().execute(a_buy("offline"))
    assert result.status is OrderStatus.REJECTED
    assert "venue is down (not connected)" in (result.error_message or "")
    assert all(venue(desk, v).faults.submit_calls == 0 for v in VENUES)


async def test_a_thin_book_splits_the_order_into_a_roll_up_of_one_child_per_venue() -> None:
    desk = await a_desk(depth="1")
    result = await desk.core.orchestrator().execute(a_buy("split", "2"))
    database: MemoryDatabase = desk.infra.database()
    parent = stored(database, "split")
    children = [stored(database, f"split/R{n}") for n in (1, 2)]
    assert result.status is OrderStatus.FILLED
    assert parent.child_venues == VENUES
    assert parent.venue is None
    assert parent.is_roll_up
    assert [(c.venue, c.quantity, c.status) for c in children] == [
        (VENUES[0], Decimal(1), OrderStatus.FILLED),
        (VENUES[1], Decimal(1), OrderStatus.FILLED),
    ]
    assert all(c.parent_operation_id == "split" for c in children)
    assert parent.filled_quantity == Decimal(2)
    assert sum(f.quantity for f in result.fills) == Decimal(2)


async def test_a_split_child_that_fails_leaves_the_parent_partly_filled_and_closed() -> None:
    desk = await a_desk(attempts=1, depth="1")
    venue(desk, VENUES[1]).faults.fail_next(1, code="BUSY")
    result = await desk.core.orchestrator().execute(a_buy("half", "2"))
    database: MemoryDatabase = desk.infra.database()
    parent = stored(database, "half")
    second = stored(database, "half/R2")
    # Its preferred venue failed; rerouted to the other one, whose book the first used up.
    assert (second.venue, second.status) == (VENUES[0], OrderStatus.CANCELED)
    assert parent.filled_quantity == Decimal(1)
    assert parent.status is OrderStatus.CANCELED
    assert parent.error_message == "finished with 1 unfilled"
    # The roll-up keeps the venues it was split across (its label), not where children ended.
    assert parent.child_venues == VENUES
    assert result.status is OrderStatus.CANCELED
