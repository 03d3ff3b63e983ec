"""A live service whose nautilus venue is a sandbox fed from recorded ticks, in this loop."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import attrs
import httpx
import pytest
from dependency_injector import providers

from adapters.memory.market_data import InMemoryMarketData
from adapters.nautilus.live.execution import NautilusNodeVenue
from adapters.system.clock import SystemClock
from application.oms.event_pump import VenueEventPump
from bootstrap.build import ApplicationContainer, build_container
from domain.book import OrderBook
from entrypoints.http.live_app import create_live_app
from tests.api.keys import TEST_KEYS, key_headers
from tests.nautilus_live.paper import PERP, VENUE, eventually, paper_settings


@attrs.define
class PaperService:
    """The live API over a paper nautilus venue; the test moves the recorded market."""

    container: ApplicationContainer
    client: httpx.AsyncClient
    pump: VenueEventPump
    tasks_before: set[asyncio.Task[Any]]

    @property
    def venue(self) -> NautilusNodeVenue:
        venue = self.container.infra.venues().get(VENUE)
        assert isinstance(venue, NautilusNodeVenue)
        return venue

    @property
    def market_data(self) -> InMemoryMarketData:
        return self.container.infra.market_data()

    async def replay(self, ticks: int) -> OrderBook:
        """Publish `ticks` recorded ticks; the book the service then sees."""
        assert self.venue.replay is not None
        await self.venue.replay.advance(ticks)

        async def book() -> OrderBook | None:
            return self.market_data.book(VENUE, PERP)

        found = await eventually(book)
        assert found is not None, "no quote reached the service"
        return found

    async def post(self, **fields: Any) -> dict[str, Any]:
        body = {"instrument_key": PERP, "side": "BUY", **fields}
        response = await self.client.post("/api/orders", json=body)
        assert response.status_code == 200, response.text
        return response.json()

    async def order(self, operation_id: str) -> dict[str, Any]:
        response = await self.client.get(f"/api/orders/{operation_id}")
        assert response.status_code == 200, response.text
        return response.json()


StartService = Callable[..., Awaitable[PaperService]]


@pytest.fixture
async def paper_service() -> AsyncIterator[StartService]:
    """`await paper_service(profile="test", **option_overrides)` starts one; stopped after."""
    stack = contextlib.AsyncExitStack()

    async def start(profile: str = "test", **overrides: Any) -> PaperService:
        tasks_before = set(asyncio.all_tasks())
        container = build_container(profile, paper_settings(**overrides))  # type: ignore[arg-type]
        container.infra.clock.override(providers.Singleton(SystemClock))
        app = create_live_app(container, keys=TEST_KEYS)
        # The app's lifespan starts the pump; run it here, in the test's loop, as the
        # service runs it in its own: the TradingNode starts inside this loop.
        pump = container.core.event_pump()
        await pump.start()
        stack.push_async_callback(pump.stop)
        client = await stack.enter_async_context(
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://odum",
                headers=key_headers(),
            )
        )
        return PaperService(
            container=container, client=client, pump=pump, tasks_before=tasks_before
        )

    yield start
    await stack.aclose()
