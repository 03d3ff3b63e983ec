"""`GET /metrics` of the live service counts what the order path did, per container."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from litestar.testing import TestClient

from adapters.auth.keys import Role
from bootstrap.build import ApplicationContainer, build_container
from bootstrap.settings.loader import parse_settings
from domain.book import BookLevel, OrderBook
from entrypoints.http.live_app import create_live_app
from tests.api.keys import TEST_KEYS, key_headers
from tests.observability.scrape import value

BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
VENUE = "BINANCE-FUTURES"


def live_container() -> ApplicationContainer:
    settings = parse_settings(
        {
            "venues": [{"venue_id": VENUE, "instruments": [BTC]}],
            "risk": {"max_order_quantity": "10"},
        }
    )
    container = build_container("test", settings)
    container.infra.venues().get(VENUE).set_book(
        OrderBook(
            instrument_key=BTC,
            bids=(BookLevel(price=Decimal(29990), size=Decimal(20)),),
            asks=(BookLevel(price=Decimal(30010), size=Decimal(20)),),
        )
    )
    return container


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_live_app(live_container(), keys=TEST_KEYS)) as test_client:
        test_client.headers.update(key_headers(Role.OPERATOR))
        yield test_client


def order(operation_id: str, quantity: str) -> dict[str, str]:
    return {
        "operation_id": operation_id,
        "instrument_key": BTC,
        "side": "BUY",
        "quantity": quantity,
    }


def scrape(client: TestClient) -> str:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


def test_orders_fills_rejections_and_latencies_are_counted(client: TestClient) -> None:
    assert client.post("/api/orders", json=order("ok-1", "1.5")).json()["status"] == "FILLED"
    assert client.post("/api/orders", json=order("ok-2", "0.5")).json()["status"] == "FILLED"
    rejected = client.post("/api/orders", json=order("big", "11")).json()
    assert rejected["rejection_code"] == "ORDER_SIZE_MAX"

    text = scrape(client)

    assert value(text, "odum_orders_total", status="FILLED", venue=VENUE) == 2
    assert value(text, "odum_orders_total", status="REJECTED", venue="none") == 1
    assert value(text, "odum_risk_rejections_total", code="ORDER_SIZE_MAX") == 1
    assert value(text, "odum_fills_total", venue=VENUE) == 2
    assert value(text, "odum_order_stage_seconds_count", stage="risk") == 3
    assert value(text, "odum_order_stage_seconds_count", stage="route") == 2
    assert value(text, "odum_order_stage_seconds_count", stage="venue_ack") == 2
    assert value(text, "odum_order_stage_seconds_count", stage="end_to_end") == 3
    e2e = value(text, "odum_order_stage_seconds_sum", stage="end_to_end")
    ack = value(text, "odum_order_stage_seconds_sum", stage="venue_ack")
    assert e2e is not None
    assert ack is not None
    assert e2e > ack > 0
    assert (
        value(text, "odum_http_requests_total", method="POST", route="/api/orders", status="200")
        == 3
    )
    assert value(text, "odum_reconciliation_runs_total", result="clean") == 1


def test_venue_breaker_and_kill_switch_gauges_follow_the_service(client: TestClient) -> None:
    text = scrape(client)
    assert value(text, "odum_venue_connected", venue=VENUE) == 1
    assert value(text, "odum_circuit_breaker_state", venue=VENUE) == 0
    assert value(text, "odum_kill_switch_engaged") == 0

    halted = client.put("/api/risk/state", json={"trading_state": "HALTED"})
    assert halted.status_code == 200, halted.text
    text = scrape(client)
    assert value(text, "odum_kill_switch_engaged") == 1
    assert value(text, "odum_trading_state", state="HALTED") == 1
    assert value(text, "odum_trading_state", state="ACTIVE") == 0


def test_each_container_has_its_own_registry() -> None:
    with TestClient(create_live_app(live_container(), keys=TEST_KEYS)) as first:
        first.headers.update(key_headers(Role.OPERATOR))
        first.post("/api/orders", json=order("a", "11"))
        with TestClient(create_live_app(live_container(), keys=TEST_KEYS)) as second:
            second.headers.update(key_headers(Role.OPERATOR))
            assert value(scrape(first), "odum_risk_rejections_total", code="ORDER_SIZE_MAX") == 1
            assert (
                value(scrape(second), "odum_risk_rejections_total", code="ORDER_SIZE_MAX") is None
            )


def test_metrics_is_open_and_in_the_schema(client: TestClient) -> None:
    assert client.get("/metrics").status_code == 200
    assert "/metrics" in client.get("/schema/openapi.json").json()["paths"]


def test_venues_swapped_after_the_build_are_the_ones_metered() -> None:
    from dependency_injector import providers

    from adapters.memory.clock import ControllableClock
    from adapters.memory.simulated_venue import SimulatedVenue
    from application.execution.venue_registry import VenueRegistry
    from domain.enums import VenueKind
    from domain.venue import Venue

    container = live_container()
    replacement = SimulatedVenue(
        Venue(venue_id="OTHER", kind=VenueKind.SIMULATED, instruments=frozenset({BTC})),
        ControllableClock(),
    )
    container.infra.venues.override(providers.Object(VenueRegistry([replacement])))
    [metered] = container.core.venues().all()
    assert metered.inner is replacement
