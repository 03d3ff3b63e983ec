"""The fake Deribit's own faults, seen by a bare JSON-RPC client: work done, answer wrong."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import httpx
import pytest
import websockets

from tests.fakes.deribit_control import DeribitControl
from tests.fakes.deribit_server import FakeDeribit
from tests.plugins.deribit_fake import FAKE_CLIENT_ID, FAKE_CLIENT_SECRET

BUY = {"instrument_name": "BTC-PERPETUAL", "amount": 10, "type": "limit", "price": 40000}


class Client:
    """One WebSocket session with its own request ids."""

    def __init__(self, ws: Any) -> None:
        self.ws, self.next_id = ws, 0

    async def call(self, method: str, params: dict[str, Any], timeout: float = 2.0) -> Any:
        self.next_id += 1
        await self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
            if message.get("id") == self.next_id:
                return message

    async def login(self) -> Any:
        credentials = {"client_id": FAKE_CLIENT_ID, "client_secret": FAKE_CLIENT_SECRET}
        return await self.call("public/auth", {"grant_type": "client_credentials", **credentials})


async def session(fake: FakeDeribit) -> Client:
    client = Client(await websockets.connect(fake.ws_url))
    await client.login()
    return client


async def test_error_after_work_places_the_order_and_answers_the_error(
    deribit_fake: FakeDeribit,
) -> None:
    client = await session(deribit_fake)
    deribit_fake.faults.error_after_work("private/buy", 11094, "internal_server_error")

    answer = await client.call("private/buy", {**BUY, "label": "cid-1"})

    assert answer["error"]["code"] == 11094
    found = await client.call(
        "private/get_order_state_by_label", {"currency": "BTC", "label": "cid-1"}
    )
    assert [o["order_state"] for o in found["result"]] == ["open"]


async def test_a_silenced_answer_never_comes_but_the_order_exists(
    deribit_fake: FakeDeribit,
) -> None:
    client = await session(deribit_fake)
    deribit_fake.faults.lose_answer("private/buy", "silence")

    with pytest.raises(TimeoutError):
        await client.call("private/buy", {**BUY, "label": "cid-2"}, timeout=0.3)

    assert len(deribit_fake.orders_with_label("cid-2")) == 1


async def test_expired_tokens_answer_13009_and_the_refresh_token_still_works(
    deribit_fake: FakeDeribit,
) -> None:
    client = await session(deribit_fake)
    refresh = (await client.login())["result"]["refresh_token"]
    deribit_fake.expire_tokens()

    refused = await client.call("private/get_positions", {"currency": "BTC"})
    renewed = await client.call(
        "public/auth", {"grant_type": "refresh_token", "refresh_token": refresh}
    )

    assert refused["error"]["code"] == 13009
    assert "access_token" in renewed["result"]
    assert "result" in await client.call("private/get_positions", {"currency": "BTC"})
    assert deribit_fake.sessions_opened == 1


async def test_a_venue_restart_keeps_resting_orders_which_fill_while_it_is_down(
    deribit_fake: FakeDeribit,
) -> None:
    client = await session(deribit_fake)
    placed = await client.call("private/buy", {**BUY, "label": "cid-3"})
    await deribit_fake.go_down()
    deribit_fake.trade_against("BTC-PERPETUAL", "sell", "10", "40000")

    with pytest.raises(websockets.InvalidStatus):
        await websockets.connect(deribit_fake.ws_url)
    deribit_fake.come_back()
    again = await session(deribit_fake)
    trades = await again.call(
        "private/get_user_trades_by_order", {"order_id": placed["result"]["order"]["order_id"]}
    )

    assert [t["amount"] for t in trades["result"]] == [10]
    assert trades["result"][0]["trade_id"].startswith("BTC-")
    assert deribit_fake.sessions_opened == 2


async def test_json_rpc_over_http_post_carries_params_in_the_body(
    deribit_fake: FakeDeribit,
) -> None:
    message = {"jsonrpc": "2.0", "id": 7, "method": "public/test", "params": {}}
    async with httpx.AsyncClient() as http:
        answer = await http.post(f"{deribit_fake.http_url}/public/test", json=message)

    assert answer.json()["id"] == 7
    assert answer.json()["result"]["version"].startswith("fake")


async def test_the_fake_in_its_own_process_is_driven_by_its_control_api() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.fakes.deribit_process", stdout=asyncio.subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        _, ws_url, http_url = (await process.stdout.readline()).decode().split()
        control = DeribitControl(http_url)
        await control.error_after_work(method="private/buy", code=13028)
        client = Client(await websockets.connect(ws_url))
        await client.login()

        answer = await client.call("private/buy", {**BUY, "label": "cid-4"})
        state = await control.state()

        assert answer["error"]["code"] == 13028
        assert [o["label"] for o in state["orders"]] == ["cid-4"]
        assert state["sessions_opened"] == 1
    finally:
        process.terminate()
        await process.wait()
