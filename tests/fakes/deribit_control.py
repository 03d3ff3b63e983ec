"""Driving a fake Deribit in another process: `POST {http}/fake/{op}` with a JSON object of
arguments, and `DeribitControl`, the client that does it (same names as `FakeDeribit`)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import httpx

from tests.fakes.deribit_http import HttpRequest

if TYPE_CHECKING:
    from tests.fakes.deribit_server import FakeDeribit

Json = dict[str, Any]


async def handle_control(fake: FakeDeribit, request: HttpRequest) -> tuple[int, bytes]:
    op = request.path.removeprefix("/fake/")
    args: Json = request.json() if request.body else {}
    handler = _OPS.get(op)
    if handler is None:
        return 404, json.dumps({"error": f"unknown op {op!r}; ops: {sorted(_OPS)}"}).encode()
    result = handler(fake, args)
    if hasattr(result, "__await__"):
        result = await result
    return 200, json.dumps({"result": result}, default=_plain).encode()


def _state(fake: FakeDeribit, args: Json) -> Json:
    exchange = fake.exchange
    return {
        "orders": list(exchange.orders.values()),
        "trades": exchange.trades,
        "positions": {name: str(size) for name, (size, _) in exchange.positions.items()},
        "calls": fake.calls,
        "sessions_opened": fake.sessions_opened,
        "auth_grants": fake.api.auth_grants,
    }


def _set_book(fake: FakeDeribit, a: Json) -> None:
    bids = [tuple(level) for level in a["bids"]]
    asks = [tuple(level) for level in a["asks"]]
    fake.exchange.set_book(a["instrument"], bids=bids, asks=asks)


def _faults(fake: FakeDeribit, a: Json) -> None:
    plan = fake.faults
    if "http_down" in a:
        plan.http_down = bool(a["http_down"])
    if "mute_notifications" in a:
        plan.mute_notifications = bool(a["mute_notifications"])
    for method, seconds in (a.get("delays") or {}).items():
        plan.delays[method] = float(seconds)


_OPS: dict[str, Any] = {
    "state": _state,
    "set_book": _set_book,
    "trade_against": lambda f, a: f.trade_against(
        a["instrument"], a["side"], str(a["qty"]), str(a["price"])
    ),
    "fail_next": lambda f, a: f.faults.fail_next(
        a.get("method"), int(a["code"]), a.get("message", "error"), int(a.get("count", 1))
    ),
    "error_after_work": lambda f, a: f.faults.error_after_work(
        a.get("method"), int(a["code"]), a.get("message", "error"), int(a.get("count", 1))
    ),
    "lose_answer": lambda f, a: f.faults.lose_answer(
        a.get("method"), a.get("mode", "drop"), int(a.get("count", 1))
    ),
    "faults": _faults,
    "clear_faults": lambda f, a: f.faults.clear(),
    "expire_tokens": lambda f, a: f.expire_tokens(),
    "revoke_refresh_tokens": lambda f, a: f.revoke_refresh_tokens(),
    "drop_connections": lambda f, a: f.drop_connections(refuse_new=bool(a.get("refuse_new"))),
    "accept_connections": lambda f, a: f.accept_connections(),
    "go_down": lambda f, a: f.go_down(),
    "come_back": lambda f, a: f.come_back(),
}


class DeribitControl:
    """`await DeribitControl(http_url).trade_against("BTC-PERPETUAL", "sell", 10, 49000)`;
    every op of `FakeDeribit`'s fault API by name, plus `state()` (orders, trades,
    positions, calls, sessions_opened)."""

    def __init__(self, http_url: str) -> None:
        self._base = http_url.split("/api/")[0] + "/fake"

    async def call(self, op: str, **args: Any) -> Any:
        async with httpx.AsyncClient(timeout=10.0) as client:
            answer = await client.post(f"{self._base}/{op}", content=json.dumps(args, default=str))
        answer.raise_for_status()
        return answer.json()["result"]

    async def state(self) -> Json:
        return dict(await self.call("state"))

    async def trade_against(self, instrument: str, side: str, qty: Any, price: Any) -> Any:
        return await self.call(
            "trade_against", instrument=instrument, side=side, qty=str(qty), price=str(price)
        )

    def __getattr__(self, op: str) -> Any:
        if op not in _OPS:
            raise AttributeError(op)

        async def bound(**args: Any) -> Any:
            return await self.call(op, **args)

        return bound


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set):
        return sorted(value)
    raise TypeError(type(value).__name__)
