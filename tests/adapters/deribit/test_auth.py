"""Authentication against the fake Deribit: client credentials, refresh, clear failures."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from adapters.deribit.execution import DeribitExecutionVenue
from adapters.system.clock import SystemClock
from domain.errors import VenueError
from tests.adapters.deribit.orders import an_order
from tests.fakes.deribit_server import FakeDeribit
from tests.plugins.deribit_fake import (
    FAKE_CLIENT_ID,
    config_for,
    fake_environ,
    running_fake,
)


@pytest.fixture
async def short_lived_tokens() -> AsyncIterator[FakeDeribit]:
    async with running_fake(token_ttl_s=0.4) as fake:
        yield fake


async def test_connect_authenticates_with_client_credentials_then_sets_up_the_session(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    assert deribit_venue.connected
    assert deribit_fake.api.auth_grants == ["client_credentials"]
    assert deribit_fake.calls[:3] == ["public/auth", "public/set_heartbeat", "private/subscribe"]


async def test_token_is_refreshed_before_it_expires(short_lived_tokens: FakeDeribit) -> None:
    config = config_for(short_lived_tokens, token_refresh_fraction=0.5)
    venue = DeribitExecutionVenue(config, clock=SystemClock(), environ=fake_environ(config))
    await venue.connect()
    try:
        # Well past the first token's lifetime: private calls still work on the refreshed one.
        await asyncio.sleep(0.6)
        assert await venue.open_orders() == []
        assert "refresh_token" in short_lived_tokens.api.auth_grants
        assert venue.session.ws_auth is not None
        assert venue.session.ws_auth.refreshes >= 2
    finally:
        await venue.disconnect()


async def test_wrong_secret_is_a_final_error_that_does_not_leak_the_secret(
    deribit_fake: FakeDeribit,
) -> None:
    config = config_for(deribit_fake)
    environ = {config.client_id_env: FAKE_CLIENT_ID, config.client_secret_env: "wrong-secret-42"}
    venue = DeribitExecutionVenue(config, clock=SystemClock(), environ=environ)

    with pytest.raises(VenueError) as refused:
        await venue.connect()

    assert (refused.value.code, refused.value.retryable) == ("13004", False)
    assert refused.value.message == "Deribit login refused: invalid API credentials"
    assert "wrong-secret-42" not in str(refused.value)
    assert not venue.connected


async def test_missing_credentials_name_the_environment_variables(
    deribit_fake: FakeDeribit,
) -> None:
    venue = DeribitExecutionVenue(config_for(deribit_fake), clock=SystemClock(), environ={})

    with pytest.raises(VenueError) as refused:
        await venue.connect()

    assert refused.value.code == "CREDENTIALS"
    assert "DERIBIT_CLIENT_ID" in refused.value.message
    assert deribit_fake.calls == []


def test_credentials_never_show_in_reprs() -> None:
    from adapters.deribit.auth import ApiCredentials

    credentials = ApiCredentials(client_id="id", client_secret="very-secret")

    assert "very-secret" not in repr(credentials)


async def test_private_calls_carry_their_token_as_the_docs_require_over_the_websocket() -> None:
    async with running_fake() as fake:
        fake.api.token_in_params = True
        config = config_for(fake)
        venue = DeribitExecutionVenue(config, clock=SystemClock(), environ=fake_environ(config))
        await venue.connect()
        try:
            order = an_order().buy("10").limit("40000").build()
            ack = await venue.submit(order)
            order.venue_order_id = ack.venue_order_id
            fake.expire_tokens()  # the renewed token is the one the next call carries

            await venue.cancel(order)

            assert fake.exchange.orders[ack.venue_order_id]["order_state"] == "cancelled"
            assert venue.connected
        finally:
            await venue.disconnect()
