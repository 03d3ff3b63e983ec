"""Deribit expiring or revoking the token: renewed at once, the call sent once more, and a
login that keeps failing shown as a venue that is not connected."""

from __future__ import annotations

import asyncio

import pytest

from adapters.deribit.execution import DeribitExecutionVenue
from adapters.system.clock import SystemClock
from application.external_venues import SupervisedVenue, SupervisionPolicy, VenueSupervisor
from domain.enums import OrderStatus
from domain.errors import VenueError
from tests.adapters.deribit.orders import an_order
from tests.adapters.deribit.waiting import eventually
from tests.fakes.deribit_server import FakeDeribit
from tests.plugins.deribit_fake import config_for, fake_environ


async def test_an_expired_token_is_renewed_with_the_refresh_token_and_the_order_goes_through(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    deribit_fake.expire_tokens()

    ack = await deribit_venue.submit(an_order().buy("10").build())

    assert ack.status is OrderStatus.FILLED
    assert deribit_fake.api.auth_grants == ["client_credentials", "refresh_token"]
    assert deribit_fake.calls.count("private/buy") == 2  # refused with 13009, then placed
    assert len(deribit_fake.exchange.orders) == 1
    assert deribit_venue.session.renewals == 1


async def test_without_a_refresh_token_the_adapter_logs_in_with_its_credentials(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    deribit_fake.expire_tokens()
    deribit_fake.revoke_refresh_tokens()

    assert await deribit_venue.positions() == []

    assert deribit_fake.api.auth_grants[-2:] == ["refresh_token", "client_credentials"]
    assert deribit_venue.connected


async def test_concurrent_calls_refused_together_renew_the_token_once(
    deribit_venue: DeribitExecutionVenue, deribit_fake: FakeDeribit
) -> None:
    deribit_fake.expire_tokens()

    await asyncio.gather(*(deribit_venue.open_orders() for _ in range(5)))

    assert deribit_fake.api.auth_grants.count("refresh_token") == 1


async def test_a_login_that_keeps_failing_shows_as_disconnected_with_the_reason(
    deribit_fake: FakeDeribit,
) -> None:
    config = config_for(deribit_fake)
    clock = SystemClock()
    policy = SupervisionPolicy(
        poll_interval_seconds=5.0, health_check_seconds=0.05, backoff_initial_seconds=0.05
    )
    supervisor = VenueSupervisor(clock=clock, policy=policy)
    supervised: SupervisedVenue = supervisor.register(
        DeribitExecutionVenue(config, clock=clock, environ=fake_environ(config))
    )
    await supervisor.start()
    try:
        deribit_fake.expire_tokens()
        deribit_fake.revoke_refresh_tokens()
        deribit_fake.faults.fail_next("public/auth", 13028, "temporarily_unavailable", count=50)

        with pytest.raises(VenueError) as refused:
            await supervised.submit(an_order().buy("10").build())

        assert (refused.value.code, refused.value.retryable) == ("NOT_CONNECTED", True)
        assert "login refused" in refused.value.message
        assert not supervised.connected
        await eventually(lambda: supervised.health.last_error is not None)
        assert "login refused" in str(supervised.health.last_error)
        assert deribit_fake.exchange.orders == {}

        deribit_fake.faults.clear()
        await eventually(lambda: supervised.connected and supervised.health.last_error is None)
        ack = await supervised.submit(an_order().buy("10").build())
        assert ack.status is OrderStatus.FILLED
    finally:
        await supervisor.stop()
