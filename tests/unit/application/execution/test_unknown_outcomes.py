"""An order that may be live at a venue is never re-sent blindly, never rerouted, never
marked final before the venue was asked (issue 9, items 2-4)."""

from __future__ import annotations

from decimal import Decimal

from domain.enums import OrderStatus
from domain.ids import OperationId
from tests.unit.application.desk import VENUES, a_buy, a_desk, venue


async def test_a_retryable_error_after_the_work_adopts_the_order_instead_of_doubling_it() -> None:
    desk = await a_desk()
    first = venue(desk)
    first.faults.error_after_work(1, code="11094", retryable=True)
    result = await desk.core.orchestrator().execute(a_buy("ack-lost", venue_id=VENUES[0]))
    assert result.status is OrderStatus.FILLED
    assert len(first.submitted) == 1  # asked by label, found it, adopted it
    assert [p.quantity for p in await first.positions()] == [Decimal(1)]
    assert sum(f.quantity for f in result.fills) == Decimal(1)


async def test_a_final_error_after_the_work_is_not_a_rejection() -> None:
    desk = await a_desk()
    first = venue(desk)
    first.faults.error_after_work(1, code="10010", retryable=False)
    result = await desk.core.orchestrator().execute(
        a_buy("final-after-work", price="29000", venue_id=VENUES[0])
    )
    assert result.status is OrderStatus.ACCEPTED  # resting at the venue, as the venue says
    assert len(first.submitted) == 1


async def test_a_definite_refusal_is_rejected() -> None:
    desk = await a_desk()
    venue(desk).faults.reject_reason = "insufficient margin"
    result = await desk.core.orchestrator().execute(a_buy("refused", venue_id=VENUES[0]))
    assert result.status is OrderStatus.REJECTED
    assert "insufficient margin" in (result.error_message or "")


async def test_a_lost_answer_stays_submitted_and_is_never_rerouted() -> None:
    desk = await a_desk()
    first, second = venue(desk, VENUES[0]), venue(desk, VENUES[1])
    first.faults.error_after_work(1, lost=True)
    first.faults.queries_fail = True
    tracking = desk.core.tracking()
    result = await desk.core.orchestrator().execute(a_buy("lost", price="29000"))
    assert result.status is OrderStatus.SUBMITTED
    assert "OUTCOME_UNKNOWN" in (result.error_message or "")
    assert second.submitted == []
    assert len(first.submitted) == 1
    first.faults.queries_fail = False
    await tracking.settle()  # the venue answers again: the order is adopted
    order = await desk.core.oms().get(OperationId("lost"))
    assert order is not None
    assert order.status is OrderStatus.ACCEPTED
    await first.trade_against(order.listing, Decimal(29000), Decimal(1))
    pump = desk.core.event_pump()
    await pump.start()
    await pump.drain()
    await pump.stop()
    assert order.status is OrderStatus.FILLED  # its later fill is applied


async def test_retries_that_run_out_after_maybe_sent_errors_do_not_reroute_an_unknown() -> None:
    desk = await a_desk(attempts=2)
    first, second = venue(desk, VENUES[0]), venue(desk, VENUES[1])
    first.faults.error_after_work(5, code="13028", retryable=True)
    first.faults.queries_fail = True
    result = await desk.core.orchestrator().execute(a_buy("maybe", price="29000"))
    assert result.status is OrderStatus.SUBMITTED
    assert second.submitted == []
    assert len(first.submitted) == 1  # the second attempt asked first, and could not


async def test_failures_before_the_request_left_still_reroute() -> None:
    desk = await a_desk(attempts=2)
    first, second = venue(desk, VENUES[0]), venue(desk, VENUES[1])
    first.faults.fail_next(5, code="UNAVAILABLE")
    result = await desk.core.orchestrator().execute(a_buy("reroute"))
    assert result.status is OrderStatus.FILLED
    assert result.venue == VENUES[1]
    assert first.submitted == []
    assert len(second.submitted) == 1
