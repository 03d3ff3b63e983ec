"""The live container on a test database, with one in-process simulated venue."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from dependency_injector import providers

from adapters.memory.simulated_venue import SimulatedVenue
from adapters.postgres.config import PostgresConfig
from bootstrap.build import ApplicationContainer, build_container
from bootstrap.settings.loader import parse_settings
from domain.book import BookLevel, OrderBook
from domain.enums import OrderSide
from domain.ids import OperationId, StrategyId
from domain.order_request import OrderRequest

VENUE = "BINANCE-FUTURES"
BTC = f"{VENUE}:PERPETUAL:BTC-USDT@LIN"
URL_ENV = "ODUM_TEST_DATABASE_URL"


def live_container(
    url: str, monkeypatch: pytest.MonkeyPatch, **config: object
) -> ApplicationContainer:
    """`build_container("live")` with the URL in the environment, a deep book on the venue;
    `config` overrides PostgresConfig fields (e.g. shorter timeouts)."""
    monkeypatch.setenv(URL_ENV, url)
    settings = parse_settings(
        {
            "venues": [{"venue_id": VENUE, "instruments": [BTC]}],
            "database": {"url_env": URL_ENV, "pool_min_size": 1, "pool_max_size": 4},
            "storage": {"backend": "memory"},
        }
    )
    container = build_container("live", settings)
    if config:
        tuned = attrs.evolve(container.infra.profile.database_config(), **config)
        container.infra.profile.database_config.override(providers.Object(tuned))
    assert isinstance(container.infra.profile.database_config(), PostgresConfig)
    simulated(container).set_book(
        OrderBook(
            instrument_key=BTC,
            bids=(BookLevel(price=Decimal(29990), size=Decimal(1000)),),
            asks=(BookLevel(price=Decimal(30010), size=Decimal(1000)),),
        )
    )
    return container


def simulated(container: ApplicationContainer) -> SimulatedVenue:
    venue = container.infra.venues().get(VENUE)
    assert isinstance(venue, SimulatedVenue)
    return venue


def buy(operation_id: str, quantity: str = "1") -> OrderRequest:
    return OrderRequest(
        operation_id=OperationId(operation_id),
        instrument_key=BTC,
        side=OrderSide.BUY,
        quantity=Decimal(quantity),
        strategy_id=StrategyId("alpha"),
    )
