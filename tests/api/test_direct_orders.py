"""`POST /api/orders` answered by the edge's direct route: the same answers as the handler."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from litestar.testing import TestClient

from adapters.auth.keys import Role
from bootstrap.build import build_container
from bootstrap.settings.loader import parse_settings
from domain.book import BookLevel, OrderBook
from entrypoints.http.live_app import create_live_app
from entrypoints.http.order_direct import DirectOrderSubmit
from tests.api.keys import TEST_KEYS, key_headers

BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
ORDER = b'{"operation_id":"d-1","instrument_key":"%s","side":"BUY","quantity":"1.5"}' % (
    BTC.encode()
)
JSON = {"content-type": "application/json"}
# Requests a client may send, each answered by both paths; bodies stay under 2,000 bytes.
CASES: list[tuple[bytes, dict[str, str]]] = [
    (ORDER, JSON),
    (ORDER.replace(b"1.5", b"-1"), JSON),  # 422 from the domain
    (ORDER.replace(b'"1.5"', b"1.5"), JSON),  # a number where a decimal string belongs
    (ORDER.replace(b'"side":"BUY",', b""), JSON),  # a field missing
    (ORDER.replace(b"}", b',"colour":"red"}'), JSON),  # an unknown field
    (ORDER.replace(b"BUY", b"HOLD"), JSON),
    (b"{not json", JSON),
    (b"", JSON),
    (b"[]", JSON),
    (b'{"operation_id":"d\\u0000x"}', JSON),
    (ORDER, {"content-type": "application/json; charset=utf-8"}),
    (ORDER, {"content-type": "text/plain"}),  # 415, from the handler
    (ORDER, {}),
    (b" " * 3_000, JSON),  # over the body limit
]


def client(direct: bool, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    if not direct:
        monkeypatch.setattr(DirectOrderSubmit, "takes", lambda self, headers: False)
    settings = parse_settings(
        {
            "venues": [{"venue_id": "BINANCE-FUTURES", "instruments": [BTC]}],
            "risk": {"max_order_quantity": "10"},
            "api": {"max_body_bytes": 2_000},
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
    return TestClient(create_live_app(container, keys=TEST_KEYS))


def answers(test_client: TestClient, role: Role | None = Role.TRADER) -> list[Any]:
    keys = key_headers(role) if role is not None else {}
    seen = []
    with test_client:
        for body, headers in CASES:
            answer = test_client.post("/api/orders", content=body, headers={**headers, **keys})
            seen.append(
                (
                    answer.status_code,
                    answer.headers.get("content-type"),
                    _stable(answer.json()),
                )
            )
        replay = test_client.post("/api/orders", content=ORDER, headers={**JSON, **keys})
        seen.append((replay.status_code, _stable(replay.json())))
    return seen


def _stable(body: Any) -> Any:
    """Fill ids and times differ from run to run; everything else must not."""
    if isinstance(body, dict) and isinstance(body.get("fills"), list):
        body["fills"] = [{**f, "fill_id": "-", "ts_event": 0} for f in body["fills"]]
    return body


@pytest.mark.parametrize("role", [Role.TRADER, Role.VIEWER, None])
def test_the_direct_route_answers_every_request_as_the_handler_does(
    monkeypatch: pytest.MonkeyPatch, role: Role | None
) -> None:
    taken: list[str] = []
    call = DirectOrderSubmit.__call__

    async def counted(self: DirectOrderSubmit, *args: Any) -> None:
        taken.append("direct")
        await call(self, *args)

    monkeypatch.setattr(DirectOrderSubmit, "__call__", counted)
    direct = answers(client(True, monkeypatch), role)
    with monkeypatch.context() as handler_only:
        by_handler = answers(client(False, handler_only), role)
    assert direct == by_handler
    statuses = [answer[0] for answer in direct]
    if role is Role.TRADER:
        assert statuses[0] == 200
        assert direct[0][2]["status"] == "FILLED"
        assert {400, 413, 415, 422} <= set(statuses)
        assert len(taken) == len(CASES) - 2 + 1  # not text/plain, nor without a content type
    else:
        assert set(statuses) == {401 if role is None else 403}
        assert taken == []


def test_the_order_route_has_nothing_only_its_handler_would_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Guards, hooks and layered response headers or cookies would be skipped by the direct
    route: the order route declares none (the edge does the access check)."""
    app = client(True, monkeypatch).app
    [handler] = [
        h
        for route in app.routes
        if route.path == "/api/orders"
        for h in route.route_handlers  # type: ignore[union-attr]
        if "POST" in h.http_methods
    ]
    assert handler.resolve_guards() == []
    assert handler.resolve_before_request() is None
    assert not any(layer.after_request for layer in handler.ownership_layers)
    assert handler.resolve_after_response() is None
    assert not handler.resolve_response_headers()
    assert not handler.resolve_response_cookies()


def test_a_direct_answer_carries_the_cors_headers_of_a_configured_origin() -> None:
    settings = parse_settings(
        {
            "venues": [{"venue_id": "BINANCE-FUTURES", "instruments": [BTC]}],
            "api": {"allowed_origins": ["https://ops.example.com"]},
        }
    )
    app = create_live_app(build_container("test", settings), keys=TEST_KEYS)
    headers = {**JSON, **key_headers(Role.TRADER), "origin": "https://ops.example.com"}
    with TestClient(app) as test_client:
        answer = test_client.post("/api/orders", content=ORDER, headers=headers)
    assert answer.headers["access-control-allow-origin"] == "https://ops.example.com"
