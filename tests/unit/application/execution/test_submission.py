"""VenueSubmission and RetryPolicy: backoff on the clock, asking before a re-send, breakers."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from adapters.memory.clock import ControllableClock
from application.execution.retry import RetryPolicy
from application.oms.new_order import new_order
from application.routing.circuit_breaker import BreakerState
from bootstrap.build import ApplicationContainer
from domain.enums import OrderStatus
from domain.order import Order
from tests.unit.application.desk import VENUES, a_buy, a_desk, venue


@pytest.mark.parametrize(
    ("attempt", "delay"), [(0, 0.0), (1, 0.0), (2, 0.5), (3, 1.0), (4, 2.0), (5, 3.0), (9, 3.0)]
)
def test_the_delay_doubles_from_the_first_retry_up_to_the_cap(attempt: int, delay: float) -> None:
    policy = RetryPolicy(base_delay_seconds=0.5, multiplier=2, max_delay_seconds=3)
    assert policy.delay_before(attempt) == delay


async def a_recorded_order(desk: ApplicationContainer, op: str, **request: str) -> Order:
    order = new_order(
        a_buy(op, **request),
        client_order_id=desk.core.ids().client_order_id(),
        clock=desk.infra.clock(),
    )
    await desk.core.oms().record_new(order)
    return order


async def test_retries_wait_their_backoff_on_the_clock_and_resend_once_the_venue_has_none() -> None:
    desk = await a_desk(attempts=3, retry_delay=1)
    clock: ControllableClock = desk.infra.clock()
    first = venue(desk)
    first.faults.fail_next(2, code="BUSY")
    task = asyncio.create_task(
        desk.core.orchestrator().execute(a_buy("patient", venue_id=VENUES[0]))
    )
    await clock.advance(0)
    assert first.faults.submit_calls == 1
    await clock.advance(0.99)
    assert first.faults.submit_calls == 1
    await clock.advance(0.01)
    assert first.faults.submit_calls == 2
    await clock.advance(1.99)  # the second retry waits twice as long
    assert first.faults.submit_calls == 2
    await clock.advance(0.01)
    result = await task
    assert first.faults.submit_calls == 3
    assert result.status is OrderStatus.FILLED
    assert len(first.submitted) == 1  # the failed tries placed nothing
    assert desk.core.breakers().consecutive_failures(VENUES[0]) == 0


async def test_a_final_error_before_the_work_rejects_after_asking_without_a_retry() -> None:
    desk = await a_desk()
    first = venue(desk)
    first.faults.fail_next(3, code="INVALID_PRICE", retryable=False)
    order = await a_recorded_order(desk, "final", venue_id=VENUES[0])
    assert await desk.core.submission().submit(order, VENUES[0]) is None
    assert first.faults.submit_calls == 1
    assert order.status is OrderStatus.REJECTED
    assert order.rejection_reason == "INVALID_PRICE: injected failure"


async def test_an_unreachable_venue_is_retried_without_asking_and_then_given_up_for_reroute() -> (
    None
):
    desk = await a_desk(attempts=2)
    first = venue(desk)
    order = await a_recorded_order(desk, "unreached")
    first.faults.down = True
    why = await desk.core.submission().submit(order, VENUES[0])
    assert why == f"{VENUES[0]} [DOWN] venue is not reachable"
    assert first.faults.submit_calls == 2
    assert order.status is OrderStatus.SUBMITTED  # the dispatcher reroutes or fails it
    assert desk.core.breakers().consecutive_failures(VENUES[0]) == 2


async def test_a_breaker_that_opens_during_the_retries_ends_them() -> None:
    desk = await a_desk(attempts=5)
    first = venue(desk)
    order = await a_recorded_order(desk, "tripped")
    first.faults.down = True
    why = await desk.core.submission().submit(order, VENUES[0])
    assert first.faults.submit_calls == 3  # the default threshold
    assert why == f"{VENUES[0]} [BREAKER] circuit breaker OPEN"
    assert desk.core.breakers().state(VENUES[0]) is BreakerState.OPEN


async def test_a_retryable_error_after_the_work_is_found_by_asking_and_not_sent_again() -> None:
    desk = await a_desk()
    first = venue(desk)
    first.faults.error_after_work(2, code="TIMEOUT")
    order = await a_recorded_order(desk, "placed", price="29000")
    assert await desk.core.submission().submit(order, VENUES[0]) is None
    assert first.faults.submit_calls == 1
    assert order.status is OrderStatus.ACCEPTED
    assert order.quantity == Decimal(1)
    assert [s.client_order_id for s in await first.open_orders()] == [order.client_order_id]
