"""Live read endpoints of the web app: fills, PnL, log tail, events stream, UI config."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal

import pytest
from litestar.testing import TestClient

from adapters.auth.keys import Role
from adapters.memory.event_publisher import InMemoryEventPublisher
from bootstrap.build import build_container
from bootstrap.settings.loader import parse_settings
from domain.book import BookLevel, OrderBook
from domain.enums import OrderSide
from entrypoints.http.events_routes import EventHub
from entrypoints.http.live_app import create_live_app
from tests.api.keys import TEST_KEYS, key_headers

BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"


def live_container():
    settings = parse_settings(
        {
            "venues": [{"venue_id": "BINANCE-FUTURES", "instruments": [BTC]}],
            "risk": {"max_order_quantity": "10"},
        }
    )
    container = build_container("test", settings)
    container.infra.venues().get("BINANCE-FUTURES").set_book(
        OrderBook(
            instrument_key=BTC,
            bids=(BookLevel(price=Decimal(29990), size=Decimal(20)),),
            asks=(BookLevel(price=Decimal(30010), size=Decimal(20)),),
        )
    )
    return container


@pytest.fixture
def client():
    with TestClient(create_live_app(live_container(), keys=TEST_KEYS)) as test_client:
        test_client.headers.update(key_headers(Role.OPERATOR))
        yield test_client


def buy(client: TestClient, operation_id: str, quantity: str = "1") -> dict:
    body = {
        "operation_id": operation_id,
        "instrument_key": BTC,
        "side": "BUY",
        "quantity": quantity,
    }
    return client.post("/api/orders", json=body).json()


def test_fills_list_the_newest_first_with_decimals_as_strings(client: TestClient) -> None:
    buy(client, "op-1", "1")
    buy(client, "op-2", "2")
    fills = client.get("/api/fills").json()
    assert fills[0]["ts_event"] >= fills[1]["ts_event"]
    assert sorted(f["quantity"] for f in fills) == ["1", "2"]
    assert client.get("/api/fills?venue=OKX").json() == []
    assert client.get("/api/fills?limit=0").status_code == 400


def test_pnl_totals_the_instruments_and_subtracts_fees(client: TestClient) -> None:
    buy(client, "op-1", "1")
    report = client.get("/api/pnl").json()
    (row,) = report["instruments"]
    assert row["instrument_key"] == BTC
    assert row["quantity"] == "1"
    fees = Decimal(row["fees"])
    assert fees > 0
    assert (
        Decimal(report["net_pnl"])
        == Decimal(report["realized_pnl"]) + Decimal(report["unrealized_pnl"]) - fees
    )


def test_the_log_tail_holds_the_startup_reconciliation(client: TestClient) -> None:
    body = client.get("/api/log?lines=50").json()
    assert any("reconciliation (startup)" in line for line in body["lines"])
    assert client.get("/api/log?lines=0").status_code == 400


def test_ui_config_points_the_app_at_this_service_and_the_proxied_other(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ODUM_UI_POLL_SECONDS", "2")
    config = client.get("/ui-config.json").json()
    assert config == {
        "service": "live",
        "services": {"backtest": "/svc/backtest", "live": ""},
        "poll_seconds": 2.0,
    }


def test_the_proxy_answers_502_naming_the_service_when_it_is_down(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.plugins.postgres_server import free_port

    monkeypatch.setenv("ODUM_BACKTEST_URL", f"http://127.0.0.1:{free_port()}")
    response = client.get("/svc/backtest/api/health")
    assert response.status_code == 502
    assert "did not answer" in response.json()["error"]
    assert client.get("/svc/live/api/health").status_code == 404


def test_the_schema_documents_the_live_read_bodies(client: TestClient) -> None:
    schema = client.get("/schema/openapi.json").json()
    assert {"LiveFill", "PnlReport", "LogTail"} <= set(schema["components"]["schemas"])
    assert "/api/events" in schema["paths"]


def test_the_event_hub_streams_orders_fills_and_positions_of_a_fill() -> None:
    container = live_container()
    publisher = container.infra.publisher()
    assert isinstance(publisher, InMemoryEventPublisher)
    hub = EventHub(container.core.positions())
    publisher.subscribe(hub.observe)
    orchestrator = container.core.orchestrator()

    async def scenario() -> list[tuple[str, dict]]:
        from entrypoints.http.order_bodies import OrderBody

        venues = [{"venue_id": "BINANCE-FUTURES", "connected": True, "breaker": "CLOSED"}]
        stream = hub.stream(lambda: venues, idle_seconds=0.05)
        hello = await anext(stream)
        pump = container.core.event_pump()
        await pump.start()  # venue events (the fill) reach the OMS through the pump
        message = OrderBody(
            operation_id="op-9", instrument_key=BTC, side=OrderSide.BUY, quantity="1"
        )
        await orchestrator.execute(message.to_request())
        seen: list[tuple[str, dict]] = []
        for _ in range(100):  # idle keep-alives come every 0.05 s: bounded, never hangs
            if {"fill", "position"} <= {name for name, _ in seen}:
                break
            event = await anext(stream)
            if event.event:
                seen.append((event.event, json.loads(str(event.data))))
        await stream.aclose()
        await pump.stop()
        return [("hello", json.loads(str(hello.data))), *seen]

    events = asyncio.run(scenario())
    names = [name for name, _ in events]
    assert names[0] == "hello"
    assert {"order", "fill", "position"} <= set(names)
    fill = next(body for name, body in events if name == "fill")
    assert (fill["operation_id"], fill["quantity"]) == ("op-9", "1")
    assert hub.streams == 0
