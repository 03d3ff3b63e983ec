"""The emulator answers as Binance documents: signatures, timestamps, error codes."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import AsyncIterator
from urllib.parse import urlencode

import httpx
import pytest

from tests.venues.binance_futures.running import RunningEmulator, binance_emulator


@pytest.fixture
async def emulator() -> AsyncIterator[RunningEmulator]:
    async with binance_emulator() as running:
        yield running


def signed(emulator: RunningEmulator, params: dict[str, str], secret: str | None = None) -> str:
    query = urlencode({**params, "timestamp": str(int(time.time() * 1000))})
    key = (secret or emulator.api_secret).encode()
    return f"{query}&signature={hmac.new(key, query.encode(), hashlib.sha256).hexdigest()}"


async def call(
    emulator: RunningEmulator, method: str, path: str, query: str, key: str | None = None
) -> httpx.Response:
    headers = {"X-MBX-APIKEY": key or emulator.api_key}
    async with httpx.AsyncClient(base_url=emulator.server.http_url) as client:
        return await client.request(method, f"{path}?{query}", headers=headers)


LIMIT = {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "quantity": "0.01",
         "price": "9000", "timeInForce": "GTC"}  # fmt: skip


async def test_a_signed_order_is_placed_and_queried(emulator: RunningEmulator) -> None:
    placed = await call(emulator, "POST", "/fapi/v1/order", signed(emulator, LIMIT))

    assert placed.status_code == 200, placed.text
    order_id = str(placed.json()["orderId"])
    queried = await call(emulator, "GET", "/fapi/v1/order", signed(emulator, {
        "symbol": "BTCUSDT", "orderId": order_id}))  # fmt: skip
    assert (queried.json()["status"], queried.json()["origQty"]) == ("NEW", "0.01")


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("wrong secret", 400, -1022),
        ("wrong key", 401, -2015),
        ("clock skew", 400, -1021),
        ("rate limit", 429, -1003),
        ("margin", 400, -2019),
        ("cancel unknown", 400, -2011),
        ("query unknown", 400, -2013),
    ],
)
async def test_errors_carry_binance_codes(
    emulator: RunningEmulator, case: str, status: int, code: int
) -> None:
    method, path, params, secret, key = "POST", "/fapi/v1/order", dict(LIMIT), None, None
    if case == "wrong secret":
        secret = "not-the-secret"
    elif case == "wrong key":
        key = "not-the-key"
    elif case == "clock skew":
        emulator.server.faults.clock_skew_ms = 60_000
    elif case == "rate limit":
        emulator.server.faults.rate_limited = 1
    elif case == "margin":
        params["quantity"] = "500"
    elif case == "cancel unknown":
        method, params = "DELETE", {"symbol": "BTCUSDT", "orderId": "42"}
    else:
        method, params = "GET", {"symbol": "BTCUSDT", "origClientOrderId": "nobody"}

    answer = await call(emulator, method, path, signed(emulator, params, secret), key)

    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code
    assert emulator.exchange.orders == {}
