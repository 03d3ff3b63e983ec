"""A fake Deribit on loopback, written from Deribit's API docs: JSON-RPC over WebSocket
(`ws_url`) and over HTTP (`http_url`, POST body or GET query), with faults.

Fault-injection API (all on a started `FakeDeribit`; the same ops by HTTP for the process
mode, see `tests.fakes.deribit_process`):

- `faults.fail_next(method, code)`: a definite refusal, nothing done.
- `faults.error_after_work(method, code)`: the work is done (order placed, cancelled), then
  the error is answered anyway (11094, 13028, 10028, 10010...).
- `faults.lose_answer(method, "silence" | "drop")`: the work is done, the answer never comes
  (`silence`: caller times out; `drop`: the socket is cut mid-request);
  `"drop_unprocessed"`: the socket is cut and nothing is done.
- `faults.delays[method] = s`, `faults.http_down`, `faults.mute_notifications`,
  `faults.silent` (a stale connection: open, but nothing reaches the client).
- `expire_tokens()`: every access token stops working now (private calls answer 13009);
  refresh tokens still work. `revoke_refresh_tokens()`: only client credentials work.
- `drop_connections(refuse_new=...)` / `accept_connections()`: a network loss.
- `go_down()` / `come_back()`: the venue restarts: every connection cut, sessions
  (tokens) forgotten, WebSocket and HTTP refused until it is back; orders, trades and
  positions are kept (resting orders can fill meanwhile with `trade_against`).
- `trade_against(instrument, side, qty, price)`: another participant trades with our
  resting orders (fills carry Deribit-like trade ids, also while we are disconnected).
- `api.wildcard_channels = False`: `user.orders.any.any.raw` and the like are not served
  (`private/subscribe` leaves them out of its answer, as Deribit does with any channel it
  does not know); `user.orders.{instrument}.raw` and `{kind}.{currency}` forms still are.
- `api.token_in_params = True`: a private call over the WebSocket must carry its token as
  the `access_token` parameter (the docs' wording); a logged-in connection alone is refused.
- `exchange.age_out_closed_orders()`: closed orders leave Deribit's recent records (30
  minutes after they close): `get_order_state` answers 10004, labels no longer find them.
- `api.trade_page_limit = n`: `get_user_trades_by_currency` pages hold at most `n` trades
  whatever `count` asks (the docs' maximum is 1000), `has_more` telling that more follow.
- Counters: `calls` (methods in arrival order), `sessions_opened` (WebSocket connections
  that authenticated), `authenticated_sessions` (open ones now), `orders_with_label(label)`.

The fake's own state (`exchange`) does not depend on any client, so a client (the service)
can be restarted against the same fake and find its orders, trades and positions there."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from decimal import Decimal
from typing import Any

import attrs
import websockets
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.http11 import Request, Response

from tests.fakes.deribit_exchange import ExchangeError, FakeExchange, Json, currency_of
from tests.fakes.deribit_faults import FaultPlan
from tests.fakes.deribit_http import HttpRequest, serve_http
from tests.fakes.deribit_methods import Caller, FakeApi


class _VenueLog(logging.LoggerAdapter[logging.Logger]):
    """The venue does not write its clients' frames (with their credentials) to its log."""

    def isEnabledFor(self, level: int) -> bool:
        return level > logging.DEBUG and self.logger.isEnabledFor(level)


_quiet_log = _VenueLog(logging.getLogger("tests.fakes.deribit_server.ws"))


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
        self.down = False
        self._connections: set[_Connection] = set()
        self._server: Server | None = None
        self._http_server: asyncio.Server | None = None
        self._port = self._http_port = 0

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self._port}/ws/api/v2"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self._http_port}/api/v2"

    @property
    def connections(self) -> int:
        return len(self._connections)

    @property
    def sessions_opened(self) -> int:
        return self.api.sessions_opened

    @property
    def authenticated_sessions(self) -> int:
        return sum(1 for c in self._connections if c.caller.token is not None)

    def orders_with_label(self, label: str) -> list[Json]:
        return [dict(o) for o in self.exchange.orders.values() if o["label"] == label]

    async def start(self, *, ws_port: int = 0, http_port: int = 0) -> FakeDeribit:
        self._server = await serve(
            self._serve, "127.0.0.1", ws_port, process_request=self._upgrade, logger=_quiet_log
        )
        self._port = self._server.sockets[0].getsockname()[1]
        self._http_server = await serve_http(self._http, port=http_port)
        self._http_port = self._http_server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        await self.drop_connections()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        if self._http_server is not None:
            self._http_server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._http_server.wait_closed(), 1.0)

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

    def expire_tokens(self) -> None:
        self.api.expire_tokens()

    def revoke_refresh_tokens(self) -> None:
        self.api.revoke_refresh_tokens()

    async def go_down(self) -> None:
        """The venue restarts: cut everything, forget sessions, refuse until `come_back`."""
        self.down = True
        await self.drop_connections(refuse_new=True)
        self.api.expire_tokens()
        self.api.revoke_refresh_tokens()

    def come_back(self) -> None:
        self.down = False
        self.accept_connections()

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
        response, loss = self._rpc(method, request.get("params") or {}, connection.caller)
        if loss == "drop":
            connection.websocket.transport.abort()
            return
        if loss == "silence":
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
            if self.faults.silent:
                continue
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
        if self.faults.silent:
            return
        connection.outbox.put_nowait(json.dumps({"jsonrpc": "2.0", **message}, default=_number))

    # -- HTTP ----------------------------------------------------------------------------
    def _upgrade(self, websocket: ServerConnection, request: Request) -> Response | None:
        return websocket.respond(503, "refusing connections\n") if self.refusing else None

    async def _http(self, request: HttpRequest) -> tuple[int, bytes] | None:
        if request.path.startswith("/fake/"):
            from tests.fakes.deribit_control import handle_control

            return await handle_control(self, request)
        if self.faults.http_down or self.down:
            return 503, b"down\n"
        delay = 0.0
        if request.verb == "POST":  # JSON-RPC in the body
            message = request.json()
            method = str(message.get("method") or request.path.removeprefix("/api/v2/"))
            params, request_id = message.get("params") or {}, message.get("id")
        else:  # the documented GET form: the method in the path, params in the query
            method, params, request_id = request.path.removeprefix("/api/v2/"), request.query, None
        delay = self.faults.delays.get(method, 0.0)
        if delay:
            await asyncio.sleep(delay)
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        response, loss = self._rpc(method, params, Caller(websocket=False, token=bearer or None))
        if loss is not None:
            return None
        body = json.dumps({"jsonrpc": "2.0", "id": request_id, **response}, default=_number)
        return (400 if "error" in response else 200), body.encode()

    # -- both ----------------------------------------------------------------------------
    def _rpc(self, method: str, params: Json, caller: Caller) -> tuple[Json, str | None]:
        """The answer, and how it is lost (None: it is not)."""
        self.calls.append(method)
        loss = None
        try:
            failure = self.faults.take_error(method)
            if failure is not None:
                raise failure
            loss = self.faults.take_loss(method)
            if loss == "drop_unprocessed":
                return {}, "drop"
            result = self.api.handle(method, params, caller)
            failure = self.faults.take_error_after_work(method)
            if failure is not None:
                raise failure
            return {"result": result}, loss
        except ExchangeError as error:
            body: Json = {"code": error.code, "message": error.message}
            if error.data:
                body["data"] = error.data
            return {"error": body}, loss

    def _publish_order(self, trades: list[Json], order: Json) -> None:
        name, currency = order["instrument_name"], currency_of(order["instrument_name"])
        kind = "option" if name.count("-") == 3 else "future"
        scopes = (name, f"{kind}.{currency}", f"{kind}.any", f"any.{currency}", "any.any")
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
