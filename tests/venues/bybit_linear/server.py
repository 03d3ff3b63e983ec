"""The emulator on loopback: Bybit v5 REST (HMAC-signed), public, private and trade streams."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import attrs
from aiohttp import WSMsgType, web

from tests.venues.binance_futures.exchange import now_ms
from tests.venues.bybit_linear import errors, views
from tests.venues.bybit_linear.exchange import BybitLinearExchange
from tests.venues.loopback import Outboxes, listen

Handler = Callable[[dict[str, Any]], Any]


@attrs.define
class Faults:
    """What the next requests get wrong, on purpose."""

    rate_limited: int = 0  # answer 10006 to this many signed requests
    clock_skew_ms: int = 0  # the emulator's clock runs this far ahead (10002 past recv window)
    private_refused: bool = False  # the private stream's upgrade is answered 503 (down)
    failing: set[str] = attrs.field(factory=set)  # paths answered 10016 (server error)
    failed: list[str] = attrs.field(factory=list)  # the path of each request answered so


class BybitLinearEmulator:
    """`await emulator.start()` listens on 127.0.0.1 (a free port); see the `*_url`s."""

    def __init__(self, exchange: BybitLinearExchange, api_key: str, api_secret: str) -> None:
        self.exchange, self._key, self._secret = exchange, api_key, api_secret
        self.faults = Faults()
        self.requests: list[tuple[str, str]] = []
        self.undelivered: list[tuple[str, dict[str, Any]]] = []  # while no private stream
        self.private_logins = 0
        self.private_refusals = 0  # connection attempts answered 503 while refused
        self._private_sockets: dict[web.WebSocketResponse, set[str]] = {}  # their topics
        self._private_connections: set[web.WebSocketResponse] = set()
        self._public_sockets: dict[web.WebSocketResponse, set[str]] = {}
        self._trade_sockets: set[web.WebSocketResponse] = set()
        self._outboxes = Outboxes()
        self._runner: web.AppRunner | None = None
        self.port = 0
        exchange.private_listeners.append(self._to_private_streams)
        exchange.public_listeners.append(self._to_public_streams)

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_public_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/v5/public/linear"

    @property
    def ws_private_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/v5/private"

    @property
    def ws_trade_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/v5/trade"

    def now(self) -> int:
        return now_ms() + self.faults.clock_skew_ms

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/v5/public/linear", self._public_stream)
        app.router.add_get("/v5/private", self._private_stream)
        app.router.add_get("/v5/trade", self._trade_stream)
        app.router.add_route("*", "/v5/{path:.*}", self._rest)
        self._runner, self.port = await listen(app)

    async def stop(self) -> None:
        for socket in [*self._private_connections, *self._public_sockets, *self._trade_sockets]:
            await socket.close()
        self._outboxes.cancel()
        if self._runner is not None:
            await self._runner.cleanup()

    async def drop_private_streams(self, *, refuse_reconnects: bool = False) -> None:
        """Close every private stream (the client must reconnect, log in and catch up); with
        `refuse_reconnects` new ones are refused until `faults.private_refused` is cleared."""
        self.faults.private_refused = refuse_reconnects
        for socket in list(self._private_connections):
            await socket.close()

    def listening(self, *topics: str) -> bool:
        """Whether a private stream is subscribed to every topic (pushes reach the client)."""
        return any(
            set(topics) <= subscribed and not socket.closed
            for socket, subscribed in self._private_sockets.items()
        )

    # -- REST -----------------------------------------------------------------------------
    def _routes(self) -> dict[tuple[str, str], tuple[bool, Handler]]:
        ex = self.exchange
        return {
            ("GET", "/v5/market/time"): (False, self._time),
            ("GET", "/v5/market/instruments-info"): (False, self._instruments),
            ("GET", "/v5/market/tickers"): (False, self._tickers),
            ("GET", "/v5/account/wallet-balance"): (True, lambda p: {"list": [views.wallet(ex)]}),
            ("GET", "/v5/account/fee-rate"): (True, self._fee_rate),
            ("GET", "/v5/account/info"): (True, self._account_info),
            ("GET", "/v5/user/query-api"): (True, self._api_key_info),
            ("GET", "/v5/position/list"): (True, self._positions),
            ("GET", "/v5/order/realtime"): (True, self._realtime),
            ("GET", "/v5/order/history"): (True, self._history),
            ("GET", "/v5/execution/list"): (True, self._executions),
            ("POST", "/v5/order/create"): (True, self._create),
            ("POST", "/v5/order/cancel"): (True, self._cancel),
            ("POST", "/v5/position/set-leverage"): (True, lambda p: {}),
            ("POST", "/v5/position/switch-mode"): (True, lambda p: {}),
        }

    async def _rest(self, request: web.Request) -> web.Response:
        path = request.path
        self.requests.append((request.method, path))
        route = self._routes().get((request.method, path))
        if route is None:
            return _answer(errors.BybitApiError(10001, f"unknown endpoint {path}"), self.now())
        signed, handler = route
        body = await request.text()
        try:
            if signed:
                self._authenticate(request, body)
            if path in self.faults.failing:
                self.faults.failed.append(path)
                raise errors.server_error()
            params: dict[str, Any] = dict(parse_qsl(request.query_string))
            if request.method == "POST":
                params = json.loads(body or "{}")
            result = handler(params)
        except errors.BybitApiError as error:
            return _answer(error, self.now())
        except json.JSONDecodeError:
            return _answer(errors.bad_parameter("body"), self.now())
        return web.json_response(
            {"retCode": 0, "retMsg": "OK", "result": result, "retExtInfo": {}, "time": self.now()}
        )

    def _authenticate(self, request: web.Request, body: str) -> None:
        headers = request.headers
        if headers.get("X-BAPI-API-KEY") != self._key:
            raise errors.bad_api_key()
        if self.faults.rate_limited > 0:
            self.faults.rate_limited -= 1
            raise errors.too_many_visits()
        stamp, window = headers.get("X-BAPI-TIMESTAMP", ""), headers.get("X-BAPI-RECV-WINDOW")
        window = window or "5000"
        if not stamp.isdigit() or not window.isdigit():
            raise errors.bad_parameter("X-BAPI-TIMESTAMP")
        server = self.now()
        if not (server - int(window) <= int(stamp) < server + 1000):
            raise errors.timestamp_outside_window(int(stamp), server, int(window))
        payload = body if request.method == "POST" else request.query_string
        origin = f"{stamp}{self._key}{window}{payload}"
        expected = hmac.new(self._secret.encode(), origin.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, headers.get("X-BAPI-SIGN", "")):
            raise errors.bad_signature(origin)

    def _time(self, params: dict[str, Any]) -> dict[str, str]:
        stamp = self.now()
        return {"timeSecond": str(stamp // 1000), "timeNano": str(stamp * 1_000_000)}

    def _instruments(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("category") != "linear":
            return {"category": params.get("category", ""), "list": [], "nextPageCursor": ""}
        wanted = params.get("symbol")
        specs = [s for s in self.exchange.symbols.values() if wanted in (None, s.symbol)]
        rows = [views.instrument(spec) for spec in specs]
        return {"category": "linear", "list": rows, "nextPageCursor": ""}

    def _tickers(self, params: dict[str, Any]) -> dict[str, Any]:
        rows = [
            views.ticker(self.exchange.symbols[symbol], quote)
            for symbol, quote in self.exchange.quotes.items()
            if params.get("symbol") in (None, symbol)
        ]
        return {"category": "linear", "list": rows}

    def _fee_rate(self, params: dict[str, Any]) -> dict[str, Any]:
        rows = [
            {"symbol": symbol, "baseCoin": "", "takerFeeRate": str(self.exchange.fee_rate(False)),
             "makerFeeRate": str(self.exchange.fee_rate(True))}
            for symbol in self.exchange.symbols
            if params.get("symbol") in (None, symbol)
        ]  # fmt: skip
        return {"list": rows}

    def _account_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "unifiedMarginStatus": 5, "marginMode": "REGULAR_MARGIN", "isMasterTrader": False,
            "spotHedgingStatus": "OFF", "updatedTime": str(self.now()), "dcpStatus": "OFF",
            "timeWindow": 0, "smpGroup": 0,
        }  # fmt: skip

    def _api_key_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": "1", "note": "emulator", "apiKey": self._key, "readOnly": 0, "secret": "",
            "permissions": {"ContractTrade": ["Order", "Position"], "Spot": [], "Wallet": [],
                            "Options": [], "Derivatives": [], "CopyTrading": [],
                            "BlockTrade": [], "Exchange": [], "NFT": [], "Affiliate": []},
            "ips": ["*"], "type": 1, "deadlineDay": 90, "expiredAt": "", "createdAt": "",
            "unified": 0, "uta": 1, "userID": 1, "inviterID": 0, "vipLevel": "No VIP",
            "mktMakerLevel": "0", "affiliateID": 0, "rsaPublicKey": "", "isMaster": True,
            "parentUid": "0", "kycLevel": "LEVEL_DEFAULT", "kycRegion": "",
        }  # fmt: skip

    def _positions(self, params: dict[str, Any]) -> dict[str, Any]:
        wanted = params.get("symbol")
        rows = [
            views.position(self.exchange, symbol, self.now())
            for symbol, held in self.exchange.positions.items()
            if wanted in (None, symbol) and (held.amount or wanted)
        ]
        return {"category": "linear", "list": rows, "nextPageCursor": ""}

    def _orders(self, params: dict[str, Any], *, realtime: bool) -> dict[str, Any]:
        ex, named = self.exchange, params.get("orderId") or params.get("orderLinkId")
        chosen = list(ex.orders.values())
        if params.get("symbol"):
            chosen = [o for o in chosen if o.symbol == params["symbol"]]
        if named:
            chosen = [ex.named(params)] if any(o in chosen for o in [ex.named(params)]) else []
        elif realtime:
            closed = params.get("openOnly") == "1"
            chosen = [o for o in chosen if o.is_open != closed]
        chosen.sort(key=lambda o: o.update_time or o.time, reverse=True)
        rows = [views.order(o, ex.fee(o)) for o in chosen]
        return {"category": "linear", "list": rows, "nextPageCursor": ""}

    def _realtime(self, params: dict[str, Any]) -> dict[str, Any]:
        try:
            return self._orders(params, realtime=True)
        except errors.BybitApiError:
            return {"category": "linear", "list": [], "nextPageCursor": ""}

    def _history(self, params: dict[str, Any]) -> dict[str, Any]:
        try:
            return self._orders(params, realtime=False)
        except errors.BybitApiError:
            return {"category": "linear", "list": [], "nextPageCursor": ""}

    def _executions(self, params: dict[str, Any]) -> dict[str, Any]:
        ex = self.exchange
        by_id = {o.order_id: o for o in ex.orders.values()}
        rows = []
        for trade in sorted(ex.trades, key=lambda t: t.time, reverse=True):
            placed = by_id[trade.order_id]
            if params.get("symbol") not in (None, trade.symbol):
                continue
            if params.get("orderId") not in (None, views.order_id(placed)):
                continue
            if params.get("orderLinkId") not in (None, placed.client_order_id):
                continue
            rows.append(views.execution(trade, placed, ex.fee_rate(trade.maker)))
        return {"category": "linear", "list": rows, "nextPageCursor": ""}

    def _create(self, params: dict[str, Any]) -> dict[str, str]:
        placed = self.exchange.create(params)
        return {"orderId": views.order_id(placed), "orderLinkId": placed.client_order_id}

    def _cancel(self, params: dict[str, Any]) -> dict[str, str]:
        placed = self.exchange.cancel_named(params)
        return {"orderId": views.order_id(placed), "orderLinkId": placed.client_order_id}

    # -- streams --------------------------------------------------------------------------
    def _signed_login(self, args: list[Any]) -> bool:
        if len(args) != 3 or args[0] != self._key:
            return False
        expires, signature = str(args[1]), str(args[2])
        expected = hmac.new(
            self._secret.encode(), f"GET/realtime{expires}".encode(), hashlib.sha256
        ).hexdigest()
        return hmac.compare_digest(expected, signature) and int(expires) > self.now()

    async def _public_stream(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(heartbeat=30)
        await socket.prepare(request)
        conn_id = uuid.uuid4().hex
        topics = self._public_sockets[socket] = set()
        try:
            async for message in socket:
                if message.type != WSMsgType.TEXT:
                    continue
                command = json.loads(message.data)
                op, args = command.get("op"), command.get("args") or []
                if op == "subscribe":
                    topics.update(args)
                elif op == "unsubscribe":
                    topics.difference_update(args)
                answer = {
                    "success": True, "ret_msg": "pong" if op == "ping" else "",
                    "conn_id": conn_id, "req_id": command.get("req_id", ""), "op": op,
                }  # fmt: skip
                self._send(socket, json.dumps(answer))
        finally:
            self._public_sockets.pop(socket, None)
        return socket

    async def _private_stream(self, request: web.Request) -> web.StreamResponse:
        if self.faults.private_refused:
            self.private_refusals += 1
            return web.Response(status=503, text="private stream unavailable")
        socket = web.WebSocketResponse(heartbeat=30)
        await socket.prepare(request)
        conn_id = uuid.uuid4().hex
        self._private_connections.add(socket)
        try:
            async for message in socket:
                if message.type != WSMsgType.TEXT:
                    continue
                command = json.loads(message.data)
                op, req_id = command.get("op"), command.get("req_id", "")
                base = {"req_id": req_id, "conn_id": conn_id, "op": op}
                if op == "auth":
                    ok = self._signed_login(command.get("args") or [])
                    if ok:
                        self.private_logins += 1
                    answer = base | {"success": ok, "ret_msg": "" if ok else "Invalid sign"}
                elif op == "ping":
                    answer = base | {"op": "pong", "args": [str(self.now())]}
                else:
                    topics = self._private_sockets.setdefault(socket, set())
                    if op == "subscribe":
                        topics.update(command.get("args") or [])
                    elif op == "unsubscribe":
                        topics.difference_update(command.get("args") or [])
                    answer = base | {"success": True, "ret_msg": ""}
                self._send(socket, json.dumps(answer))
        finally:
            self._private_sockets.pop(socket, None)
            self._private_connections.discard(socket)
        return socket

    async def _trade_stream(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(heartbeat=30)
        await socket.prepare(request)
        conn_id, logged_in = uuid.uuid4().hex, False
        self._trade_sockets.add(socket)
        try:
            async for message in socket:
                if message.type != WSMsgType.TEXT:
                    continue
                command = json.loads(message.data)
                op = command.get("op")
                if op == "auth":
                    logged_in = self._signed_login(command.get("args") or [])
                    code, msg = (0, "OK") if logged_in else (10004, "Invalid sign")
                    answer = {"retCode": code, "retMsg": msg, "op": "auth", "connId": conn_id}
                elif op == "ping":
                    answer = {"op": "pong", "args": [str(self.now())], "connId": conn_id}
                else:
                    answer = self._trade_request(command, logged_in) | {"connId": conn_id}
                self._send(socket, json.dumps(answer))
        finally:
            self._trade_sockets.discard(socket)
        return socket

    def _trade_request(self, command: dict[str, Any], logged_in: bool) -> dict[str, Any]:
        op, args = command.get("op"), command.get("args") or [{}]
        handlers = {"order.create": self._create, "order.cancel": self._cancel}
        stamp = self.now()
        header = {"X-Bapi-Limit": "10", "X-Bapi-Limit-Status": "9",
                  "X-Bapi-Limit-Reset-Timestamp": str(stamp), "Traceid": uuid.uuid4().hex,
                  "Timenow": str(stamp)}  # fmt: skip
        answer: dict[str, Any] = {"reqId": command.get("reqId", ""), "op": op, "header": header}
        try:
            if not logged_in:
                raise errors.BybitApiError(10003, "Invalid apikey")
            if self.faults.rate_limited > 0:
                self.faults.rate_limited -= 1
                raise errors.too_many_visits()
            handler = handlers.get(str(op))
            if handler is None:
                raise errors.BybitApiError(10001, f"unknown op {op}")
            data = handler(args[0])
        except errors.BybitApiError as error:
            return answer | {"retCode": error.code, "retMsg": error.msg, "data": {},
                             "retExtInfo": {}}  # fmt: skip
        return answer | {"retCode": 0, "retMsg": "OK", "data": data, "retExtInfo": {}}

    def _to_private_streams(self, topic: str, rows: list[dict[str, Any]]) -> None:
        message = {"id": uuid.uuid4().hex, "topic": topic, "creationTime": self.now(), "data": rows}
        listening = [s for s, topics in self._private_sockets.items() if topic in topics]
        listening = [s for s in listening if not s.closed]
        if not listening:
            self.undelivered.append((topic, message))  # Bybit does not replay them either
        payload = json.dumps(message)
        for socket in listening:
            self._send(socket, payload)

    def _to_public_streams(self, topic: str, kind: str, data: Any) -> None:
        stamp = self.now()
        message = {"topic": topic, "type": kind, "ts": stamp, "data": data, "cts": stamp}
        if topic.startswith("tickers."):
            message["cs"] = stamp
        payload = json.dumps(message)
        for socket, topics in list(self._public_sockets.items()):
            if topic in topics:
                self._send(socket, payload)

    def _send(self, socket: web.WebSocketResponse, payload: str) -> None:
        self._outboxes.send(socket, payload)


def _answer(error: errors.BybitApiError, stamp: int) -> web.Response:
    body = {"retCode": error.code, "retMsg": error.msg, "result": {}, "retExtInfo": {},
            "time": stamp}  # fmt: skip
    return web.json_response(body, status=error.status)
