"""Deribit error answers: retried with backoff when temporary, clear reasons when final."""

from __future__ import annotations

import pytest

from adapters.deribit.errors import RETRYABLE, DeribitApiError, reason_for, to_venue_error
from adapters.deribit.execution import DeribitExecutionVenue
from domain.enums import OrderStatus
from domain.errors import VenueError
from tests.adapters.deribit.orders import an_order
from tests.fakes.deribit_server import FakeDeribit


@pytest.mark.parametrize("code", [10028, 10040, 10047, 13028])
def test_temporary_codes_are_retryable(code: int) -> None:
    assert to_venue_error("DERIBIT", DeribitApiError(code, "x")).retryable


@pytest.mark.parametrize(
    ("code", "message", "reason"),
    [
        (10004, "order_not_found", "order not found at Deribit"),
        (10009, "not_enough_funds", "not enough funds for this order"),
        (11029, "invalid_arguments", "invalid order arguments"),
        (11050, "bad_request", "bad request"),
        (13009, "unauthorized", "unauthorized: token missing, expired or invalid"),
    ],
)
def test_final_codes_carry_a_reason_a_trader_can_read(code: int, message: str, reason: str) -> None:
    error = to_venue_error("DERIBIT", DeribitApiError(code, message))

    assert (error.code, error.retryable) == (str(code), False)
    assert error.message.startswith(reason)
    assert code not in RETRYABLE


def test_reason_names_the_bad_parameter_but_never_its_value() -> None:
    error = DeribitApiError(
        -32602, "Invalid params", {"param": "client_secret", "reason": "wrong", "value": "s3cr3t"}
    )

    assert reason_for(error) == "Invalid params (wrong; param client_secret)"


async def test_rate_limit_backs_off_the_credit_pool_and_then_succeeds(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    deribit_fake.faults.rate_limit_next(2, method="private/buy")
    limiter = deribit_venue.session.limiter

    ack = await deribit_venue.submit(an_order().buy("10").build())

    assert ack.status is OrderStatus.FILLED
    assert deribit_fake.calls.count("private/buy") == 3
    assert limiter.backoffs == 2
    # The exhausted pool made the retries wait for credits to refill.
    assert limiter.matching.waits >= 2


async def test_retryable_errors_give_up_after_max_attempts(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    deribit_fake.faults.fail_next("private/buy", 13028, "temporarily_unavailable", count=3)

    with pytest.raises(VenueError) as failure:
        await deribit_venue.submit(an_order().buy("10").build())

    assert (failure.value.code, failure.value.retryable) == ("13028", True)
    assert deribit_fake.calls.count("private/buy") == 3


async def test_final_error_is_not_retried_and_says_why(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    deribit_fake.faults.fail_next("private/buy", 10009, "not_enough_funds")

    with pytest.raises(VenueError) as refused:
        await deribit_venue.submit(an_order().buy("10").build())

    assert refused.value.code == "10009"
    assert not refused.value.retryable
    assert refused.value.message == "not enough funds for this order"
    assert deribit_fake.calls.count("private/buy") == 1
    # A definite refusal: nothing to ask Deribit about.
    assert "private/get_order_state_by_label" not in deribit_fake.calls


async def test_invalid_params_answered_by_the_venue_name_the_parameter(
    deribit_venue: DeribitExecutionVenue,
) -> None:
    with pytest.raises(VenueError) as refused:
        await deribit_venue.submit(an_order().buy("0").build())

    assert "param amount" in refused.value.message


async def test_cancel_of_an_order_already_gone_is_a_final_error(
    deribit_venue: DeribitExecutionVenue,
) -> None:
    order = an_order().buy("10").build()
    order.venue_order_id = (await deribit_venue.submit(order)).venue_order_id

    with pytest.raises(VenueError) as refused:
        await deribit_venue.cancel(order)

    assert (refused.value.code, refused.value.retryable) == ("10010", False)
