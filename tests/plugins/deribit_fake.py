"""Pytest fixtures: a fake Deribit on loopback, and a Deribit venue adapter connected to it.

The fault-injection API is documented in `tests.fakes.deribit_server` (in process) and
`tests.fakes.deribit_control` / `tests.fakes.deribit_process` (the fake in its own process,
for crash proofs that kill the service)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import attrs
import pytest

from adapters.deribit.config import DeribitConfig
from adapters.deribit.execution import DeribitExecutionVenue
from adapters.system.clock import SystemClock
from tests.fakes.deribit_server import FakeDeribit

FAKE_CLIENT_ID, FAKE_CLIENT_SECRET = "fake-client-id", "fake-client-secret"
DERIBIT_INSTRUMENTS = frozenset(
    {
        "DERIBIT:PERPETUAL:BTC-USD@INV",
        "DERIBIT:PERPETUAL:ETH-USD@INV",
        "DERIBIT:FUTURE:BTC-USD-20250328@INV",
        "DERIBIT:OPTION:BTC-USD-50000-20241231-C",
    }
)


def fake_environ(config: DeribitConfig) -> dict[str, str]:
    """The environment the adapter reads its (fake) API key from."""
    return {config.client_id_env: FAKE_CLIENT_ID, config.client_secret_env: FAKE_CLIENT_SECRET}


def config_for(fake: FakeDeribit, **overrides: object) -> DeribitConfig:
    """A config pointed at `fake`, with short timeouts and retry delays for tests."""
    config = DeribitConfig(
        ws_url_override=fake.ws_url,
        http_url_override=fake.http_url,
        request_timeout_s=2.0,
        connect_timeout_s=2.0,
        retry_delay_s=0.01,
        gap_overlap_s=5.0,
        instruments=DERIBIT_INSTRUMENTS,
    )
    return attrs.evolve(config, **overrides)


def default_books(fake: FakeDeribit) -> None:
    """Three ask and three bid levels on the BTC perpetual, thinner books elsewhere."""
    fake.exchange.set_book(
        "BTC-PERPETUAL",
        bids=[("49990", "100"), ("49980", "200"), ("49970", "300")],
        asks=[("50000", "100"), ("50010", "200"), ("50020", "300")],
    )
    fake.exchange.set_book("ETH-PERPETUAL", bids=[("2999", "500")], asks=[("3000", "500")])
    fake.exchange.set_book("BTC-28MAR25", bids=[("50400", "100")], asks=[("50500", "100")])
    fake.exchange.set_book("BTC-31DEC24-50000-C", bids=[("0.05", "10")], asks=[("0.06", "10")])


@pytest.fixture
async def deribit_fake() -> AsyncIterator[FakeDeribit]:
    """A started fake Deribit with default books; stopped after the test."""
    fake = await FakeDeribit(client_id=FAKE_CLIENT_ID, client_secret=FAKE_CLIENT_SECRET).start()
    default_books(fake)
    yield fake
    await fake.stop()


@pytest.fixture
def deribit_config(deribit_fake: FakeDeribit) -> DeribitConfig:
    return config_for(deribit_fake)


@pytest.fixture
async def deribit_venue(deribit_config: DeribitConfig) -> AsyncIterator[DeribitExecutionVenue]:
    """A Deribit adapter connected to the fake (wall clock)."""
    venue = DeribitExecutionVenue(
        deribit_config, clock=SystemClock(), environ=fake_environ(deribit_config)
    )
    await venue.connect()
    yield venue
    await venue.disconnect()
