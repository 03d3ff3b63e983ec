"""Answers that lie or never come: the adapter asks Deribit by label before any re-send or
refusal, adopts what Deribit holds, and says "outcome unknown" when it cannot ask."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.deribit.execution import DeribitExecutionVenue
from adapters.system.clock import SystemClock
from domain.enums import OrderStatus
from domain.errors import VenueError, VenueOutcomeUnknown
from tests.adapters.deribit.orders import an_order
from tests.fakes.deribit_server import FakeDeribit
from tests.plugins.deribit_fake import config_for, fake_environ

LOOKUP = "private/get_order_state_by_label"
# Codes Deribit may answer although the matching engine took the order.
UNCERTAIN = [11094, 13028, 13888, 10028, 10040, 10047, 10010, 10001]


def labelled(fake: FakeDeribit, label: str) -> list[str]:
    return [o["order_id"] for o in fake.orders_with_label(label)]


@pytest.mark.parametrize("code", UNCERTAIN)
async def test_an_error_after_the_order_was_placed_adopts_the_order_instead_of_resending(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit, code: int
) -> None:
    order = an_order().buy("10").limit("40000").build()
    deribit_fake.faults.error_after_work("private/buy", code)

    ack = await deribit_venue.submit(order)

    assert labelled(deribit_fake, order.client_order_id) == [ack.venue_order_id]
    assert ack.status is OrderStatus.ACCEPTED
    assert deribit_fake.calls.count("private/buy") == 1
    assert deribit_fake.calls.count(LOOKUP) == 1


async def test_an_adopted_order_that_filled_comes_back_with_deribits_own_trades(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    order = an_order().buy("250").build()  # walks two levels of the book
    deribit_fake.faults.error_after_work("private/buy", 11094, "internal_server_error")

    ack = await deribit_venue.submit(order)

    venue_trades = [t["trade_id"] for t in deribit_fake.exchange.trades]
    assert ack.status is OrderStatus.FILLED
    assert [f.venue_trade_id for f in ack.fills] == venue_trades
    assert sum(f.quantity for f in ack.fills) == Decimal(250)
    assert {f.operation_id for f in ack.fills} == {order.operation_id}


async def test_a_timed_out_answer_is_settled_on_the_same_socket(
    deribit_fake: FakeDeribit,
) -> None:
    config = config_for(deribit_fake, request_timeout_s=0.3)
    venue = DeribitExecutionVenue(config, clock=SystemClock(), environ=fake_environ(config))
    await venue.connect()
    try:
        order = an_order().buy("10").limit("40000").build()
        deribit_fake.faults.lose_answer("private/buy", "silence")

        ack = await venue.submit(order)

        assert labelled(deribit_fake, order.client_order_id) == [ack.venue_order_id]
        assert venue.connected
    finally:
        await venue.disconnect()


async def test_a_refusal_before_any_work_is_resent_only_after_deribit_says_there_is_no_order(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    order = an_order().buy("10").limit("40000").build()
    deribit_fake.faults.fail_next("private/buy", 11094, "internal_server_error")

    ack = await deribit_venue.submit(order)

    assert labelled(deribit_fake, order.client_order_id) == [ack.venue_order_id]
    assert [c for c in deribit_fake.calls if c in ("private/buy", LOOKUP)] == [
        "private/buy",
        LOOKUP,
        "private/buy",
    ]


async def test_a_final_code_is_a_refusal_only_once_deribit_confirms_no_order(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    order = an_order().buy("10").limit("40000").build()
    deribit_fake.faults.fail_next("private/buy", 10010, "already_closed")

    with pytest.raises(VenueError) as refused:
        await deribit_venue.submit(order)

    assert (refused.value.code, refused.value.retryable) == ("10010", False)
    assert not isinstance(refused.value, VenueOutcomeUnknown)
    assert deribit_fake.calls.count(LOOKUP) == 1
    assert deribit_fake.calls.count("private/buy") == 1


async def test_when_deribit_cannot_be_asked_the_outcome_is_unknown_never_a_retryable_error(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    order = an_order().buy("10").limit("40000").build()
    deribit_fake.faults.error_after_work("private/buy", 13028, "temporarily_unavailable")
    deribit_fake.faults.fail_next(LOOKUP, 13028, "temporarily_unavailable", count=3)

    with pytest.raises(VenueOutcomeUnknown) as unknown:
        await deribit_venue.submit(order)

    assert unknown.value.code == "OUTCOME_UNKNOWN"
    assert not unknown.value.retryable
    assert deribit_fake.calls.count("private/buy") == 1
    # Reconciliation asks later and finds it.
    state = await deribit_venue.order_status(order.client_order_id)
    assert state is not None
    assert state.status is OrderStatus.ACCEPTED


async def test_a_cancel_whose_answer_is_an_error_after_the_work_is_done(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    order = an_order().buy("10").limit("40000").build()
    order.venue_order_id = (await deribit_venue.submit(order)).venue_order_id
    deribit_fake.faults.error_after_work("private/cancel", 11094, "internal_server_error")

    await deribit_venue.cancel(order)

    assert deribit_fake.exchange.orders[order.venue_order_id]["order_state"] == "cancelled"
    assert deribit_fake.calls.count("private/cancel") == 1


async def test_a_cancel_lost_with_the_socket_is_settled_over_http(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    order = an_order().buy("10").limit("40000").build()
    order.venue_order_id = (await deribit_venue.submit(order)).venue_order_id
    deribit_fake.faults.lose_answer("private/cancel", "drop")

    await deribit_venue.cancel(order)

    assert deribit_fake.exchange.orders[order.venue_order_id]["order_state"] == "cancelled"
