"""Authentication against the fake Deribit: client credentials, refresh, clear failures."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from adapters.deribit.execution import DeribitExecutionVenue
from adapters.system.clock import SystemClock
from domain.errors import VenueError
from tests.fakes.deribit_server import FakeDeribit
from tests.plugins.deribit_fake import (
    FAKE_CLIENT_ID,
    FAKE_CLIENT_SECRET,
    config_for,
    default_books,
    fake_environ,
)


@pytest.fixture
async def short_lived_tokens() -> AsyncIterator[FakeDeribit]:
    fake = FakeDeribit(client_id=FAKE_CLIENT_ID, client_secret=FAKE_CLIENT_SECRET, token_ttl_s=0.4)
    await fake.start()
    default_books(fake)
    yield fake
    await fake.stop()


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
