"""The live order API on the test profile: contract §4 messages, errors that name fields."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from litestar.testing import TestClient

from adapters.auth.keys import Role
from bootstrap.build import build_container
from bootstrap.settings.loader import parse_settings
from domain.book import BookLevel, OrderBook
from entrypoints.http.live_app import create_live_app
from entrypoints.http.protobuf_codec import PROTOBUF
from entrypoints.proto import odum_orders_pb2 as pb
from tests.api.keys import TEST_KEYS, key_headers

BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"


@pytest.fixture
def client() -> Iterator[TestClient]:
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
    with TestClient(create_live_app(container, keys=TEST_KEYS)) as test_client:
        test_client.headers.update(key_headers(Role.OPERATOR))
        yield test_client


def order(**fields: object) -> dict[str, object]:
    body: dict[str, object] = {
        "operation_id": "op-1",
        "instrument_key": BTC,
        "side": "BUY",
        "quantity": "1.5",
    }
    body.update(fields)
    return body


def test_a_market_order_fills_and_decimals_travel_as_strings(client: TestClient) -> None:
    response = client.post("/api/orders", json=order())
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "FILLED"
    assert body["venue"] == "BINANCE-FUTURES"
    assert body["fills"][0]["quantity"] == "1.5"
    assert body["fills"][0]["price"] == "30010"
    assert isinstance(body["fills"][0]["fee"], str)


def test_posting_the_same_operation_twice_returns_the_first_result(client: TestClient) -> None:
    first = client.post("/api/orders", json=order()).json()
    second = client.post("/api/orders", json=order(quantity="5")).json()
    assert second == first
    positions = client.get("/api/positions").json()
    assert positions[0]["quantity"] == "1.5"


@pytest.mark.parametrize(
    ("fields", "status", "field"),
    [
        ({"quantity": 1.5}, 400, "quantity"),
        ({"side": "HOLD"}, 400, "side"),
        ({"instrument_key": "BTCUSDT"}, 422, "instrument_key"),
        ({"order_type": "LIMIT"}, 422, "price"),
        ({"price": "30000"}, 422, "price"),
        ({"quantity": "-1"}, 422, "quantity"),
        (
            {
                "exec_algorithm": "TWAP",
                "exec_algorithm_params": {"horizon_secs": 0, "interval_secs": 10},
            },
            422,
            "exec_algorithm_params.horizon_secs",
        ),
        ({"operation_id": None}, 400, "operation_id"),
        ({"unknown": 1}, 400, "unknown"),
    ],
)
def test_bad_input_is_a_4xx_naming_the_field(
    client: TestClient, fields: dict[str, object], status: int, field: str
) -> None:
    response = client.post("/api/orders", json=order(**fields))
    assert response.status_code == status, response.text
    assert any(field in problem for problem in response.json()["extra"]), response.text
    assert client.get("/api/orders/op-1").status_code == 404  # nothing recorded


def test_a_risk_rejection_is_a_result_with_its_code(client: TestClient) -> None:
    body = client.post("/api/orders", json=order(quantity="11")).json()
    assert body["status"] == "REJECTED"
    assert body["rejection_code"] == "ORDER_SIZE_MAX"
    assert client.get("/api/orders/op-1").json()["status"] == "REJECTED"


def test_orders_are_listed_and_filtered(client: TestClient) -> None:
    client.post("/api/orders", json=order(operation_id="a", strategy_id="alpha"))
    client.post("/api/orders", json=order(operation_id="b", strategy_id="beta", quantity="99"))
    assert [o["operation_id"] for o in client.get("/api/orders?status=REJECTED").json()] == ["b"]
    assert [o["operation_id"] for o in client.get("/api/orders?strategy_id=alpha").json()] == ["a"]
    bad = client.get("/api/orders?status=DONE")
    assert bad.status_code == 400
    assert "status" in bad.json()["extra"][0]


def test_cancel_of_a_resting_order_and_of_a_filled_one(client: TestClient) -> None:
    client.post("/api/orders", json=order(operation_id="rest", order_type="LIMIT", price="29000"))
    canceled = client.delete("/api/orders/rest")
    assert canceled.status_code == 200
    assert canceled.json()["status"] == "CANCELED"
    client.post("/api/orders", json=order(operation_id="done"))
    refused = client.delete("/api/orders/done")
    assert refused.status_code == 409
    assert client.delete("/api/orders/nobody").status_code == 404


def test_the_kill_switch_is_switchable_at_runtime(client: TestClient) -> None:
    assert client.put("/api/risk/state", json={"trading_state": "HALTED"}).status_code == 200
    assert client.get("/api/risk/state").json()["trading_state"] == "HALTED"
    assert client.post("/api/orders", json=order()).json()["rejection_code"] == "TRADING_HALTED"
    bad = client.put("/api/risk/state", json={"trading_state": "PAUSED"})
    assert bad.status_code == 400


def test_limits_are_replaced_as_a_whole(client: TestClient) -> None:
    limits = client.get("/api/risk/limits").json()
    assert limits["max_order_quantity"] == "10"
    response = client.put("/api/risk/limits", json={**limits, "max_order_quantity": "1"})
    assert response.status_code == 200, response.text
    assert client.post("/api/orders", json=order()).json()["rejection_code"] == "ORDER_SIZE_MAX"
    bad = client.put("/api/risk/limits", json={**limits, "max_order_quantity": "lots"})
    assert bad.status_code == 400
    assert "max_order_quantity" in bad.json()["extra"][0]


def test_an_empty_limits_update_turns_nothing_off(client: TestClient) -> None:
    bad = client.put("/api/risk/limits", json={})
    assert bad.status_code == 400
    assert any("is required" in problem for problem in bad.json()["extra"]), bad.text
    assert client.get("/api/risk/limits").json()["max_order_quantity"] == "10"
    assert client.patch("/api/risk/limits", json={}).json()["max_order_quantity"] == "10"


def test_a_patch_changes_only_what_it_names_and_null_removes_a_limit(client: TestClient) -> None:
    patched = client.patch("/api/risk/limits", json={"price_tolerance_bps": "50"}).json()
    assert (patched["price_tolerance_bps"], patched["max_order_quantity"]) == ("50", "10")
    removed = client.patch("/api/risk/limits", json={"max_order_quantity": None}).json()
    assert removed["max_order_quantity"] is None
    assert client.post("/api/orders", json=order(quantity="11")).json()["status"] == "FILLED"


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"max_order_quantity": "-5"}, 422, "max_order_quantity"),
        ({"price_tolerance_bps": "-1"}, 422, "price_tolerance_bps"),
        ({"min_order_quantity": "11"}, 422, "min_order_quantity"),
        ({"max_orders_per_second": 0}, 400, "max_orders_per_second"),
        ({"max_orders_per_second": "5"}, 400, "max_orders_per_second"),
        ({"check_balance": "false"}, 400, "check_balance"),
        ({"max_order_quantity": "1_0"}, 400, "max_order_quantity"),
    ],
)
def test_a_limit_that_cannot_be_meant_is_refused(
    client: TestClient, change: dict[str, object], status: int, field: str
) -> None:
    """400: not the declared type; 422: well-formed but no limit anyone means."""
    bad = client.patch("/api/risk/limits", json=change)
    assert bad.status_code == status, bad.text
    assert any(field in problem for problem in bad.json()["extra"]), bad.text
    assert client.get("/api/risk/limits").json()["max_order_quantity"] == "10"


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"status": "healthy", "service": "odum-live-backend"}
    assert client.get("/api/health/database").json()["status"] == "healthy"
    assert client.get("/api/health/redis").status_code == 200
    schema = client.get("/schema/openapi.json").json()
    assert "/api/orders" in schema["paths"]


def test_the_same_messages_travel_as_protobuf(client: TestClient) -> None:
    request = pb.Order(operation_id="pb-1", instrument_key=BTC, side="BUY", quantity="0.25")
    response = client.post(
        "/api/orders",
        content=request.SerializeToString(),
        headers={"content-type": PROTOBUF, "accept": PROTOBUF},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(PROTOBUF)
    result = pb.ExecutionResult.FromString(response.content)
    assert result.status == "FILLED"
    assert result.fills[0].quantity == "0.25"
    assert client.get("/api/orders/pb-1").json()["quantity"] == "0.25"


def test_garbage_protobuf_is_a_400(client: TestClient) -> None:
    response = client.post(
        "/api/orders", content=b"\xff\xff\xff", headers={"content-type": PROTOBUF}
    )
    assert response.status_code == 400
    assert "protobuf" in response.json()["extra"][0]


def signal(**fields: object) -> dict[str, object]:
    body: dict[str, object] = {
        "signal_id": "sig-1",
        "strategy_id": "alpha",
        "instrument_key": BTC,
        "ts_event": 1_704_067_200_000_000_000,
        "direction": 1,
        "target_quantity": "2",
        "order_type": "MARKET",
        "limit_price": None,
        "exec_algorithm": "NORMAL",
        "exec_algorithm_params": "{}",
    }
    body.update(fields)
    return body


def test_signals_set_target_positions(client: TestClient) -> None:
    first = client.post("/api/signals", json=signal()).json()
    assert first["order"]["status"] == "FILLED"
    assert (first["target"], first["current"]) == ("2", "0")
    flip = client.post(
        "/api/signals", json=signal(signal_id="sig-2", direction=-1, target_quantity="-1")
    ).json()
    assert flip["current"] == "2"
    assert flip["order"]["fills"][0]["side"] == "SELL"
    assert flip["order"]["fills"][0]["quantity"] == "3"
    same = client.post(
        "/api/signals", json=signal(signal_id="sig-3", direction=-1, target_quantity="-1")
    ).json()
    assert same["order"] is None  # no change of target, no order
    assert client.get("/api/positions").json()[0]["quantity"] == "-1"


def test_a_replayed_signal_trades_once(client: TestClient) -> None:
    client.post("/api/signals", json=signal())
    again = client.post("/api/signals", json=signal()).json()
    assert again["order"]["status"] == "FILLED"
    assert client.get("/api/positions").json()[0]["quantity"] == "2"


def test_a_contradictory_signal_names_the_field(client: TestClient) -> None:
    response = client.post("/api/signals", json=signal(direction=1, target_quantity="-2"))
    assert response.status_code == 422
    assert "target_quantity" in response.json()["extra"][0]


def test_venues_report_connection_and_breaker(client: TestClient) -> None:
    client.post("/api/orders", json=order())
    venues = client.get("/api/venues").json()
    assert venues[0]["venue_id"] == "BINANCE-FUTURES"
    assert venues[0]["connected"] is True
    assert venues[0]["breaker"] == "CLOSED"
    assert venues[0]["events_applied"] >= 1


def test_the_status_page_is_served_and_health_is_readable_cross_origin(
    client: TestClient,
) -> None:
    page = client.get("/status")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "odum-live-backend" in page.text
    assert "/api/health/gcs" in page.text or "api/health/${part}" in page.text
    health = client.get("/api/health", headers={"origin": "http://localhost:8000"})
    assert health.headers["access-control-allow-origin"] == "*"
