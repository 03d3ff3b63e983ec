"""Inputs that used to give 500 (or a silent wrong answer): each is a 4xx naming the field."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from bootstrap.build import build_container
from bootstrap.settings.loader import parse_settings
from entrypoints.http.live_app import create_live_app
from entrypoints.http.protobuf_codec import PROTOBUF
from entrypoints.proto import odum_orders_pb2 as pb
from tests.api.keys import TEST_KEYS, key_headers

BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
ORDER = {"operation_id": "h-1", "instrument_key": BTC, "side": "BUY", "quantity": "1"}
JSON = {"content-type": "application/json"}
RULES = ("nested deeper than 4 levels", "without NUL")  # beyond the schema: 422


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = parse_settings({"venues": [{"venue_id": "BINANCE-FUTURES", "instruments": [BTC]}]})
    with TestClient(create_live_app(build_container("test", settings), keys=TEST_KEYS)) as c:
        c.headers.update(key_headers())
        yield c


def _problems(answer) -> str:
    body = answer.json()
    return json.dumps(body.get("extra")) + body["detail"]


def _nothing_recorded(client: TestClient) -> None:
    assert client.get("/api/orders").json() == []


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "(body)"),
        (
            json.dumps({**ORDER, "exec_algorithm_params": {"n": 0}})
            .replace("0", "9" * 5000)
            .encode(),
            "exec_algorithm_params",
        ),
        (json.dumps(ORDER).replace("BUY", "B\xe9Y").encode("latin-1"), "(body)"),
        (json.dumps(ORDER).replace("h-1", "\\ud800").encode(), "(body)"),
        (json.dumps({**ORDER, "operation_id": "a\u0000b"}).encode(), "operation_id"),
        (json.dumps({**ORDER, "quantity": "1e400"}).encode(), "quantity"),
        (json.dumps({**ORDER, "order_type": "LIMIT", "price": "1E+19"}).encode(), "price"),
        (json.dumps({**ORDER, "order_type": "LIMIT", "price": "1" * 19}).encode(), "price"),
        (json.dumps({**ORDER, "quantity": "0." + "1" * 19}).encode(), "quantity"),
        (json.dumps({**ORDER, "quantity": "1_0"}).encode(), "quantity"),
        (json.dumps({**ORDER, "quantity": " 1"}).encode(), "quantity"),
        (json.dumps({**ORDER, "quantity": "1\n"}).encode(), "quantity"),
        (json.dumps({**ORDER, "reduce_only": "false"}).encode(), "reduce_only"),
        (json.dumps({**ORDER, "reduce_only": "yes"}).encode(), "reduce_only"),
        (json.dumps({**ORDER, "reduce_only": 1}).encode(), "reduce_only"),
        (json.dumps({**ORDER, "operation_id": "x" * 200_000}).encode(), "operation_id"),
        (json.dumps({**ORDER, "operation_id": "ok\n"}).encode(), "operation_id"),
        (
            json.dumps({**ORDER, "exec_algorithm_params": {"a": {"b": {"c": {"d": {}}}}}}).encode(),
            "nested deeper than 4 levels",
        ),
        (
            json.dumps({**ORDER, "exec_algorithm_params": {"a": "\u0000"}}).encode(),
            "without NUL",
        ),
    ],
)
def test_a_hostile_order_body_is_4xx_naming_the_field(
    client: TestClient, raw: bytes, field: str
) -> None:
    """400 where the schema says it, 422 for the parameter bounds it cannot state."""
    answer = client.post("/api/orders", content=raw, headers=JSON)
    assert answer.status_code == (422 if field in RULES else 400), answer.text
    assert field in _problems(answer), answer.text
    _nothing_recorded(client)


def test_a_body_over_the_limit_is_413(client: TestClient) -> None:
    body = json.dumps({**ORDER, "operation_id": "x" * 1_100_000}).encode()
    assert client.post("/api/orders", content=body, headers=JSON).status_code == 413
    _nothing_recorded(client)


@pytest.mark.parametrize(
    "path",
    ["/api/orders/a%00b", "/api/orders?strategy_id=a%00b", "/api/orders/" + "x" * 200],
)
def test_nul_in_a_path_or_query_and_overlong_ids_are_400(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 400, answer.text


@pytest.mark.parametrize(
    "message",
    [
        pb.Order(operation_id="p-1", instrument_key=BTC, side="BUY", quantity="1e400"),
        pb.Order(operation_id="p-1", instrument_key=BTC, side="HOLD", quantity="1"),
        pb.Order(operation_id="p\x00", instrument_key=BTC, side="BUY", quantity="1"),
        pb.Order(operation_id="p-1", instrument_key=BTC, side="BUY", quantity="1", price="1E+19"),
    ],
)
def test_protobuf_fields_out_of_range_are_400(client: TestClient, message: pb.Order) -> None:
    answer = client.post(
        "/api/orders", content=message.SerializeToString(), headers={"content-type": PROTOBUF}
    )
    assert answer.status_code == 400, answer.text
    _nothing_recorded(client)


def test_protobuf_params_with_an_infinite_number_are_400(client: TestClient) -> None:
    message = pb.Order(operation_id="p-2", instrument_key=BTC, side="BUY", quantity="1")
    message.exec_algorithm_params.update({"slice": float("inf")})
    answer = client.post(
        "/api/orders", content=message.SerializeToString(), headers={"content-type": PROTOBUF}
    )
    assert answer.status_code == 400, answer.text
    assert "exec_algorithm_params" in _problems(answer)


def test_the_largest_amount_numeric_36_18_holds_is_accepted(client: TestClient) -> None:
    quantity = "9" * 18 + "." + "9" * 18
    answer = client.post("/api/orders", json={**ORDER, "operation_id": "big", "quantity": quantity})
    assert answer.status_code == 200, answer.text  # a result (a rejection), never a 500
