"""The emulator's private stream pushes a topic only to a stream subscribed to it, as Bybit:
a client that has logged in again but not yet subscribed misses what happens meanwhile."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest

from tests.venues.bybit_linear.running import SYMBOL, RunningBybit, bybit_emulator


@pytest.fixture
async def emulator() -> AsyncIterator[RunningBybit]:
    async with bybit_emulator() as running:
        yield running


def _auth(emulator: RunningBybit) -> str:
    expires = int(time.time() * 1000) + 10_000
    signed = f"GET/realtime{expires}".encode()
    signature = hmac.new(emulator.api_secret.encode(), signed, hashlib.sha256).hexdigest()
    return json.dumps({"op": "auth", "args": [emulator.api_key, expires, signature]})


def _resting_buy(emulator: RunningBybit, link: str) -> None:
    emulator.exchange.create(
        {"category": "linear", "symbol": SYMBOL, "side": "Buy", "orderType": "Limit",
         "qty": "0.001", "price": "9000", "orderLinkId": link}
    )  # fmt: skip


async def test_a_topic_reaches_a_stream_once_it_is_subscribed_not_at_its_login(
    emulator: RunningBybit,
) -> None:
    server = emulator.server
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(server.ws_private_url) as socket,
    ):
        await socket.send_str(_auth(emulator))
        assert json.loads((await socket.receive()).data)["success"] is True
        assert server.private_logins == 1
        assert not server.listening("order")
        _resting_buy(emulator, "before-subscribing")
        assert [topic for topic, _ in server.undelivered] == ["order"]

        await socket.send_str(json.dumps({"op": "subscribe", "args": ["order"]}))
        assert json.loads((await socket.receive()).data)["success"] is True
        assert server.listening("order")
        assert not server.listening("order", "execution")
        _resting_buy(emulator, "after-subscribing")
        pushed = json.loads((await socket.receive(timeout=5)).data)
    assert pushed["topic"] == "order"
    assert [row["orderLinkId"] for row in pushed["data"]] == ["after-subscribing"]
    assert len(server.undelivered) == 1
