"""The emulator answers as OKX documents: signed REST headers, the login op, error codes."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import httpx
import pytest

from tests.venues.okx_swap import views
from tests.venues.okx_swap.running import SYMBOL, RunningOkx, okx_emulator
from tests.venues.okx_swap.signing import sign


@pytest.fixture
async def emulator() -> AsyncIterator[RunningOkx]:
    async with okx_emulator() as running:
        yield running


def _stamp(skew: timedelta = timedelta(0)) -> str:
    return (datetime.now(UTC) + skew).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


async def call(
    emulator: RunningOkx, method: str, path: str, body: dict[str, Any] | None = None, **wrong: str
) -> httpx.Response:
    """A request signed as OKX documents it, unless `wrong` replaces a header's value."""
    text = json.dumps(body) if body is not None else ""
    stamp = wrong.get("stamp") or _stamp()
    headers = {
        "OK-ACCESS-KEY": wrong.get("key", emulator.key.key),
        "OK-ACCESS-PASSPHRASE": wrong.get("passphrase", emulator.key.passphrase),
        "OK-ACCESS-TIMESTAMP": stamp,
        "OK-ACCESS-SIGN": sign(
            wrong.get("secret", emulator.key.secret), f"{stamp}{method}{path}{text}"
        ),
        "Content-Type": "application/json",
    }
    async with httpx.AsyncClient(base_url=emulator.server.http_url) as client:
        return await client.request(method, path, headers=headers, content=text or None)


LIMIT = {"instId": "BTC-USDT-SWAP", "tdMode": "cross", "side": "buy", "ordType": "limit",
         "sz": "2", "px": "9000", "clOrdId": "restLimit1"}  # fmt: skip


async def test_a_signed_order_is_placed_listed_and_canceled(emulator: RunningOkx) -> None:
    placed = await call(emulator, "POST", "/api/v5/trade/order", LIMIT)

    assert placed.status_code == 200, placed.text
    [ack] = placed.json()["data"]
    assert (placed.json()["code"], ack["sCode"], ack["clOrdId"]) == ("0", "0", "restLimit1")
    pending = await call(emulator, "GET", "/api/v5/trade/orders-pending?instType=SWAP")
    [row] = pending.json()["data"]
    assert (row["ordId"], row["state"], row["sz"], row["tdMode"]) == (
        ack["ordId"], "live", "2", "cross")  # fmt: skip
    [(held, _)] = [(o.quantity, o) for o in emulator.exchange.orders.values()]
    assert str(held) == "0.02"  # two contracts of 0.01 BTC
    cancel = {"instId": "BTC-USDT-SWAP", "ordId": ack["ordId"]}
    canceled = await call(emulator, "POST", "/api/v5/trade/cancel-order", cancel)
    assert canceled.json()["data"][0]["sCode"] == "0"
    again = await call(emulator, "POST", "/api/v5/trade/cancel-order", cancel)
    assert (again.json()["code"], again.json()["data"][0]["sCode"]) == ("1", "51400")
    history = await call(emulator, "GET", "/api/v5/trade/orders-history?instType=SWAP")
    assert [r["state"] for r in history.json()["data"]] == ["canceled"]


@pytest.mark.parametrize(
    ("wrong", "code"),
    [
        ({"key": "someone-else"}, "50111"),
        ({"passphrase": "not-it"}, "50105"),
        ({"stamp": _stamp(timedelta(seconds=-45))}, "50102"),
        ({"secret": "not-the-secret"}, "50113"),
    ],
)
async def test_requests_not_signed_as_documented_are_refused_with_okx_codes(
    emulator: RunningOkx, wrong: dict[str, str], code: str
) -> None:
    refused = await call(emulator, "GET", "/api/v5/account/balance", **wrong)

    assert refused.status_code == 401
    assert (refused.json()["code"], refused.json()["data"]) == (code, [])


async def test_orders_refused_by_the_book_answer_their_scode(emulator: RunningOkx) -> None:
    huge = LIMIT | {"sz": "12000", "px": "9500", "clOrdId": "tooBig"}  # 120 BTC: 1.14 M
    unknown = await call(emulator, "GET", "/api/v5/trade/order?instId=BTC-USDT-SWAP&ordId=1")
    refused = await call(emulator, "POST", "/api/v5/trade/order", huge)
    odd_lot = await call(emulator, "POST", "/api/v5/trade/order", LIMIT | {"sz": "0.005"})

    assert unknown.json()["code"] == "51603"
    [row] = refused.json()["data"]
    assert (refused.json()["code"], row["sCode"], row["clOrdId"]) == ("1", "51008", "tooBig")
    assert odd_lot.json()["data"][0]["sCode"] == "51121"
    assert emulator.exchange.orders == {}


async def _login(
    socket: aiohttp.ClientWebSocketResponse, emulator: RunningOkx, **wrong: str
) -> dict:
    stamp = wrong.get("timestamp", str(int(time.time())))
    signature = sign(wrong.get("secret", emulator.key.secret), f"{stamp}GET/users/self/verify")
    arg = {"apiKey": emulator.key.key, "passphrase": wrong.get("passphrase",
           emulator.key.passphrase), "timestamp": stamp, "sign": signature}  # fmt: skip
    await socket.send_str(json.dumps({"op": "login", "args": [arg]}))
    return json.loads((await socket.receive()).data)


async def test_the_private_stream_wants_a_signed_login_before_orders_or_channels(
    emulator: RunningOkx,
) -> None:
    subscribe = {"op": "subscribe", "args": [{"channel": "orders", "instType": "SWAP"}]}
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(emulator.server.ws_private_url) as socket,
    ):
        await socket.send_str(json.dumps(subscribe))
        assert json.loads((await socket.receive()).data)["code"] == "60011"
        assert (await _login(socket, emulator, secret="wrong"))["code"] == "60007"
        assert (await _login(socket, emulator, passphrase="wrong"))["code"] == "60024"
        stale = str(int(time.time()) - 60)
        assert (await _login(socket, emulator, timestamp=stale))["code"] == "60006"
        logged_in = await _login(socket, emulator)
        assert (logged_in["event"], logged_in["code"]) == ("login", "0")
        await socket.send_str("ping")
        assert (await socket.receive()).data == "pong"
        order = {"id": "7", "op": "order", "args": [LIMIT | {"clOrdId": "wsLimit1"}]}
        await socket.send_str(json.dumps(order))
        answer = json.loads((await socket.receive()).data)
    assert (answer["id"], answer["code"], answer["data"][0]["sCode"]) == ("7", "0", "0")
    assert [o.client_order_id for o in emulator.exchange.orders.values()] == ["wsLimit1"]
    assert emulator.server.streams.logins == ["private"]


async def test_fills_are_listed_newest_first_and_paged_by_bill_id(emulator: RunningOkx) -> None:
    bid = emulator.exchange.quotes[SYMBOL][0]
    resting = LIMIT | {"side": "sell", "sz": "50", "px": str(bid + 1), "clOrdId": "restSell1"}
    placed = (await call(emulator, "POST", "/api/v5/trade/order", resting)).json()["data"][0]
    emulator.market.advance(emulator.market.remaining)  # the recorded market trades through it
    assert len(emulator.exchange.trades) >= 3

    async def page(query: str, path: str = "/api/v5/trade/fills") -> dict[str, Any]:
        return (await call(emulator, "GET", f"{path}?{query}")).json()

    every = (await page("instType=SWAP&instId=BTC-USDT-SWAP"))["data"]
    bills = [int(row["billId"]) for row in every]
    assert bills == sorted(bills, reverse=True)
    assert {row["ordId"] for row in every} == {placed["ordId"]}
    assert sorted(row["tradeId"] for row in every) == sorted(
        views.trade_id(t) for t in emulator.exchange.trades
    )
    first = (await page("instType=SWAP&limit=2"))["data"]
    rest = (await page(f"instType=SWAP&after={first[-1]['billId']}"))["data"]
    assert first + rest == every
    assert (await page(f"instType=SWAP&before={every[0]['billId']}"))["data"] == []
    newest = int(max(row["ts"] for row in every))
    assert (await page(f"instType=SWAP&begin={newest + 1}"))["data"] == []
    assert (await page("instType=SWAP&limit=101", "/api/v5/trade/fills-history"))["code"] == "51000"
    assert (await page("instId=BTC-USDT-SWAP", "/api/v5/trade/fills-history"))["code"] == "50014"
    history = await page("instType=SWAP", "/api/v5/trade/fills-history")
    assert history["data"] == every


async def test_a_swap_order_is_pushed_to_the_swap_subscription_whatever_came_before(
    emulator: RunningOkx,
) -> None:
    channels = [{"channel": "orders", "instType": kind} for kind in ("FUTURES", "SWAP")]
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(emulator.server.ws_private_url) as socket,
    ):
        assert (await _login(socket, emulator))["code"] == "0"
        await socket.send_str(json.dumps({"op": "subscribe", "args": channels}))
        for _ in channels:
            assert json.loads((await socket.receive()).data)["event"] == "subscribe"
        emulator.exchange.create(LIMIT | {"clOrdId": "pushedToSwap"})
        pushed = json.loads((await socket.receive(timeout=5)).data)
    assert pushed["arg"]["instType"] == "SWAP"
    assert [row["clOrdId"] for row in pushed["data"]] == ["pushedToSwap"]
    assert emulator.server.streams.undelivered == []
