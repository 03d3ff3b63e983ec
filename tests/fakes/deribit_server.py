"""A fake Deribit on loopback: JSON-RPC over WebSocket and HTTP on one port, with faults."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import attrs
import websockets
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.http11 import Request, Response

from tests.fakes.deribit_exchange import ExchangeError, FakeExchange, Json, currency_of
from tests.fakes.deribit_faults import FaultPlan
from tests.fakes.deribit_methods import Caller, FakeApi


@attrs.define(eq=False)
class _Connection:
    websocket: ServerConnection
    caller: Caller
    outbox: asyncio.Queue[str] = attrs.field(factory=asyncio.Queue)
    awaiting_test: bool = False
    tasks: list[asyncio.Task[None]] = attrs.field(factory=list)


class FakeDeribit:
    """Start with `await FakeDeribit().start()`; test hooks: `exchange.set_book`,
    `trade_against`, `drop_connections`, `send_test_request`, and `faults`."""

    def __init__(
        self,
        *,
        client_id: str = "fake-client-id",
        client_secret: str = "fake-client-secret",
        token_ttl_s: float = 900.0,
        min_heartbeat_s: float = 10.0,
    ) -> None:
        self.exchange = FakeExchange(now_ms=lambda: time.time_ns() // 1_000_000)
        self.exchange.listener, self.exchange.book_listener = (
            self._publish_order,
            self._publish_book,
        )
        self.api = FakeApi(
            self.exchange,
            client_id=client_id,
            client_secret=client_secret,
            token_ttl_s=token_ttl_s,
            min_heartbeat_s=min_heartbeat_s,
        )
        self.faults = FaultPlan()
        self.calls: list[str] = []
        self.refusing = False
        self._connections: set[_Connection] = set()
        self._server: Server | None = None
        self._port = 0

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self._port}/ws/api/v2"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/api/v2"

    @property
    def connections(self) -> int:
        return len(self._connections)

    async def start(self) -> FakeDeribit:
        self._server = await serve(self._serve, "127.0.0.1", 0, process_request=self._http)
        self._port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        await self.drop_connections()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    # -- test hooks ----------------------------------------------------------------------
    def trade_against(
        self, instrument: str, side: str, qty: str | Decimal, price: str | Decimal
    ) -> list[Json]:
        """Another participant's `side` order trades with our resting orders it crosses."""
        return self.exchange.trade_against(instrument, side, Decimal(str(qty)), Decimal(str(price)))

    async def drop_connections(self, *, refuse_new: bool = False) -> None:
        """Cut every WebSocket without a close frame (a network loss); optionally refuse new
        ones until `accept_connections`."""
        self.refusing = self.refusing or refuse_new
        for connection in list(self._connections):
            connection.websocket.transport.abort()
        for _ in range(200):
            if not self._connections:
                return
            await asyncio.sleep(0.005)

    def accept_connections(self) -> None:
        self.refusing = False

    async def send_test_request(self) -> None:
        for connection in self._connections:
            connection.awaiting_test = True
            self._send(connection, {"method": "heartbeat", "params": {"type": "test_request"}})

    # -- WebSocket -----------------------------------------------------------------------
    async def _serve(self, websocket: ServerConnection) -> None:
        connection = _Connection(websocket=websocket, caller=Caller(websocket=True))
        self._connections.add(connection)
        connection.tasks.append(asyncio.create_task(self._write(connection)))
        try:
            async for raw in websocket:
                request = json.loads(raw, parse_float=Decimal)
                delay = self.faults.delays.get(request.get("method", ""), 0.0)
                if delay:
                    connection.tasks.append(
                        asyncio.create_task(self._answer_later(connection, request, delay))
                    )
                else:
                    self._answer(connection, request)
        except websockets.ConnectionClosed:
            pass
        finally:
            self._connections.discard(connection)
            for task in connection.tasks:
                task.cancel()
            if connection.caller.cancel_on_disconnect:
                self.exchange.cancel_where(
                    lambda order: self.exchange.owners.get(order["order_id"]) is connection.caller,
                    reason="cancel_on_disconnect",
                )

    async def _answer_later(self, connection: _Connection, request: Json, delay: float) -> None:
        await asyncio.sleep(delay)
        self._answer(connection, request)

    def _answer(self, connection: _Connection, request: Json) -> None:
        method = str(request.get("method", ""))
        if method == "public/test":
            connection.awaiting_test = False
        response = self._rpc(method, request.get("params") or {}, connection.caller)
        if method in self.faults.drop_after:
            self.faults.drop_after.discard(method)
            connection.websocket.transport.abort()
            return
        if method == "public/set_heartbeat" and "result" in response:
            connection.tasks.append(asyncio.create_task(self._heartbeat(connection)))
        self._send(connection, {"id": request.get("id"), **response})
        if method == "private/subscribe" and "result" in response:
            for channel in response["result"]:
                if channel.startswith("book."):
                    snapshot = self.exchange.book_snapshot(channel.split(".")[1])
                    self._notify(connection, channel, snapshot)

    async def _heartbeat(self, connection: _Connection) -> None:
        while connection.caller.heartbeat_s:
            await asyncio.sleep(connection.caller.heartbeat_s)
            if connection.awaiting_test:  # the last test_request went unanswered
                connection.websocket.transport.abort()
                return
            self._send(connection, {"method": "heartbeat", "params": {"type": "heartbeat"}})
            await self.send_test_request()

    async def _write(self, connection: _Connection) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            while True:
                await connection.websocket.send(await connection.outbox.get())

    def _send(self, connection: _Connection, message: Json) -> None:
        connection.outbox.put_nowait(json.dumps({"jsonrpc": "2.0", **message}, default=_number))

    # -- HTTP ----------------------------------------------------------------------------
    def _http(self, websocket: ServerConnection, request: Request) -> Response | None:
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return websocket.respond(503, "refusing connections\n") if self.refusing else None
        if self.faults.http_down:
            return websocket.respond(503, "down\n")
        url = urlsplit(request.path)
        method = url.path.removeprefix("/api/v2/")
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        response = self._rpc(
            method, dict(parse_qsl(url.query)), Caller(websocket=False, token=bearer or None)
        )
        reply = websocket.respond(400 if "error" in response else 200, "")
        reply.body = json.dumps({"jsonrpc": "2.0", **response}, default=_number).encode()
        del reply.headers["Content-Type"], reply.headers["Content-Length"]
        reply.headers["Content-Type"] = "application/json"
        reply.headers["Content-Length"] = str(len(reply.body))
        return reply

    # -- both ----------------------------------------------------------------------------
    def _rpc(self, method: str, params: Json, caller: Caller) -> Json:
        self.calls.append(method)
        try:
            failure = self.faults.take_error(method)
            if failure is not None:
                raise failure
            return {"result": self.api.handle(method, params, caller)}
        except ExchangeError as error:
            body: Json = {"code": error.code, "message": error.message}
            if error.data:
                body["data"] = error.data
            return {"error": body}

    def _publish_order(self, trades: list[Json], order: Json) -> None:
        name, currency = order["instrument_name"], currency_of(order["instrument_name"])
        scopes = (name, "any.any", f"any.{currency}")
        for connection in self._connections:
            channels = connection.caller.channels
            for scope in scopes:
                if trades and (channel := f"user.trades.{scope}.raw") in channels:
                    self._notify(connection, channel, trades)
                if (channel := f"user.orders.{scope}.raw") in channels:
                    self._notify(connection, channel, dict(order))

    def _publish_book(self, name: str) -> None:
        for connection in self._connections:
            for channel in connection.caller.channels:
                if channel.startswith(f"book.{name}."):
                    self._notify(connection, channel, self.exchange.book_snapshot(name))

    def _notify(self, connection: _Connection, channel: str, data: Any) -> None:
        if self.faults.mute_notifications:
            return
        self._send(
            connection, {"method": "subscription", "params": {"channel": channel, "data": data}}
        )


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(type(value).__name__)
