"""The emulator on loopback: Binance USD-M REST (HMAC-signed), market and user-data streams."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

import attrs
from aiohttp import WSMsgType, web

from tests.venues.binance_futures import account_views, errors
from tests.venues.binance_futures.exchange import BinanceFuturesExchange, now_ms
from tests.venues.loopback import Outboxes, listen

Handler = Callable[[dict[str, str]], Any]
HISTORY_LIMIT, HISTORY_LIMIT_MAX = 500, 1000  # allOrders, userTrades: rows a page


@attrs.define
class Faults:
    """What the next requests get wrong, on purpose."""

    rate_limited: int = 0  # answer -1003 (HTTP 429) to this many signed requests
    clock_skew_ms: int = 0  # the emulator's clock runs this far ahead (-1021 past recvWindow)
    lose_next_order_event: bool = False  # accept an order but drop its NEW stream event


class BinanceFuturesEmulator:
    """`await emulator.start()` listens on 127.0.0.1 (a free port); `http_url`, `ws_url`."""

    def __init__(self, exchange: BinanceFuturesExchange, api_key: str, api_secret: str) -> None:
        self.exchange, self._key, self._secret = exchange, api_key, api_secret
        self.faults = Faults()
        self.listen_keys: set[str] = set()
        self.requests: list[tuple[str, str]] = []
        self.undelivered: list[dict[str, Any]] = []  # user events sent while no stream was up
        self._user_sockets: dict[str, set[web.WebSocketResponse]] = {}
        self._market_sockets: dict[web.WebSocketResponse, set[str]] = {}
        self._outboxes = Outboxes()
        self._runner: web.AppRunner | None = None
        self.port = 0
        exchange.user_listeners.append(self._to_user_streams)
        exchange.market_listeners.append(self._to_market_streams)

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/stream", self._market_stream)
        app.router.add_get("/ws", self._user_stream)
        app.router.add_get("/ws/{listen_key}", self._user_stream)
        app.router.add_route("*", "/fapi/{path:.*}", self._rest)
        self._runner, self.port = await listen(app)

    async def stop(self) -> None:
        for sockets in [*self._user_sockets.values(), set(self._market_sockets)]:
            for socket in list(sockets):
                await socket.close()
        self._outboxes.cancel()
        if self._runner is not None:
            await self._runner.cleanup()

    async def drop_user_streams(self) -> None:
        """Close every user-data stream (the client must reconnect and catch up)."""
        for sockets in self._user_sockets.values():
            for socket in list(sockets):
                await socket.close()

    # -- REST -----------------------------------------------------------------------------
    async def _rest(self, request: web.Request) -> web.Response:
        path = "/fapi/" + request.match_info["path"]
        self.requests.append((request.method, path))
        route = self._routes().get((request.method, path))
        if route is None:
            return _error(
                errors.BinanceApiError(-1000, f"unknown endpoint {request.method} {path}", 404)
            )
        signed, handler = route
        params = dict(parse_qsl(request.query_string, keep_blank_values=True))
        try:
            if signed:
                self._authenticate(request, params)
            elif request.headers.get("X-MBX-APIKEY") not in (None, self._key):
                raise errors.bad_api_key()
            answer = handler(params)
            if isinstance(answer, Awaitable):
                answer = await answer
        except errors.BinanceApiError as error:
            return _error(error)
        return web.json_response(answer)

    def _authenticate(self, request: web.Request, params: dict[str, str]) -> None:
        if request.headers.get("X-MBX-APIKEY") != self._key:
            raise errors.bad_api_key()
        if self.faults.rate_limited > 0:
            self.faults.rate_limited -= 1
            raise errors.too_many_requests()
        raw = request.query_string
        body, _, signature = raw.rpartition("&signature=")
        if request.path.endswith("/listenKey") and not raw:
            return  # listen key calls carry only the API key header
        expected = hmac.new(self._secret.encode(), body.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            raise errors.bad_signature()
        params.pop("signature", None)
        window = int(params.get("recvWindow", "5000"))
        if abs(now_ms() + self.faults.clock_skew_ms - int(params.get("timestamp", "0"))) > window:
            raise errors.timestamp_outside_window()

    def _routes(self) -> dict[tuple[str, str], tuple[bool, Handler]]:
        x, views = self.exchange, account_views
        return {
            ("GET", "/fapi/v1/ping"): (False, lambda p: {}),
            ("GET", "/fapi/v1/time"): (False, lambda p: {"serverTime": now_ms()}),
            ("GET", "/fapi/v1/exchangeInfo"): (False, lambda p: views.exchange_info(x, now_ms())),
            ("GET", "/fapi/v2/account"): (True, lambda p: views.account(x, now_ms())),
            ("GET", "/fapi/v3/positionRisk"): (True, self._position_risk),
            ("GET", "/fapi/v2/positionRisk"): (True, self._position_risk),
            ("GET", "/fapi/v1/symbolConfig"): (True, lambda p: views.symbol_config(x)),
            ("GET", "/fapi/v1/positionSide/dual"): (True, lambda p: {"dualSidePosition": False}),
            ("GET", "/fapi/v1/commissionRate"): (True, self._commission),
            ("POST", "/fapi/v1/listenKey"): (True, self._new_listen_key),
            ("PUT", "/fapi/v1/listenKey"): (True, self._keep_listen_key),
            ("DELETE", "/fapi/v1/listenKey"): (True, self._keep_listen_key),
            ("POST", "/fapi/v1/order"): (True, self._place),
            ("DELETE", "/fapi/v1/order"): (True, lambda p: x.cancel(p).as_rest()),
            ("GET", "/fapi/v1/order"): (True, lambda p: x.find(p).as_rest()),
            ("GET", "/fapi/v1/openOrders"): (True, self._open_orders),
            ("GET", "/fapi/v1/allOrders"): (True, self._all_orders),
            ("GET", "/fapi/v1/userTrades"): (True, self._user_trades),
            ("GET", "/fapi/v1/openAlgoOrders"): (True, lambda p: []),
            ("GET", "/fapi/v1/allAlgoOrders"): (True, lambda p: []),
        }

    def _position_risk(self, params: dict[str, str]) -> list[dict[str, Any]]:
        return account_views.position_risk(self.exchange, params.get("symbol"), now_ms())

    def _open_orders(self, params: dict[str, str]) -> list[dict[str, Any]]:
        return [o.as_rest() for o in self.exchange.open_orders(params.get("symbol"))]

    def _all_orders(self, params: dict[str, str]) -> list[dict[str, Any]]:
        """Binance's page: `orderId` and later, else the most recent; `limit` 500 (max 1000)."""
        orders = [o for o in self.exchange.orders.values() if o.symbol == params.get("symbol")]
        orders = _in_window(orders, params, lambda o: o.time)
        page = _page(orders, params, lambda o: o.order_id, params.get("orderId"))
        return [o.as_rest() for o in page]

    def _commission(self, params: dict[str, str]) -> dict[str, str]:
        fees = self.exchange.fees
        return {
            "symbol": params.get("symbol", ""),
            "makerCommissionRate": str(fees[True]),
            "takerCommissionRate": str(fees[False]),
        }

    def _place(self, params: dict[str, str]) -> dict[str, Any]:
        lose = self.faults.lose_next_order_event
        self.faults.lose_next_order_event = False
        if lose:
            self._muted = True
        try:
            return self.exchange.place(params).as_rest()
        finally:
            self._muted = False

    def _user_trades(self, params: dict[str, str]) -> list[dict[str, Any]]:
        """Binance's page: `fromId` and later, else the most recent; `limit` 500 (max 1000)."""
        symbol, order_id = params.get("symbol"), params.get("orderId")
        trades = [t for t in self.exchange.trades if t.symbol == symbol]
        if order_id:
            trades = [t for t in trades if str(t.order_id) == order_id]
        trades = _in_window(trades, params, lambda t: t.time)
        page = _page(trades, params, lambda t: t.trade_id, params.get("fromId"))
        return [t.as_rest() for t in page]

    def _new_listen_key(self, params: dict[str, str]) -> dict[str, str]:
        key = secrets.token_urlsafe(48)
        self.listen_keys.add(key)
        return {"listenKey": key}

    def _keep_listen_key(self, params: dict[str, str]) -> dict[str, Any]:
        return {}

    async def expire_listen_keys(self) -> None:
        """Binance's `listenKeyExpired` on every user stream; the keys stop working."""
        event = {"e": "listenKeyExpired", "E": now_ms(), "listenKey": ""}
        for key, sockets in self._user_sockets.items():
            for socket in list(sockets):
                await socket.send_str(json.dumps(event | {"listenKey": key}))
        self.listen_keys.clear()

    # -- streams --------------------------------------------------------------------------
    async def _user_stream(self, request: web.Request) -> web.WebSocketResponse:
        key = request.match_info.get("listen_key") or request.query.get("listenKey", "")
        socket = web.WebSocketResponse(heartbeat=30)
        await socket.prepare(request)
        if key not in self.listen_keys:
            await socket.close(code=4001, message=b"invalid listenKey")
            return socket
        self._user_sockets.setdefault(key, set()).add(socket)
        try:
            async for _ in socket:
                pass
        finally:
            self._user_sockets.get(key, set()).discard(socket)
        return socket

    async def _market_stream(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(heartbeat=30)
        await socket.prepare(request)
        streams = {s for s in request.query.get("streams", "").split("/") if s}
        self._market_sockets[socket] = streams
        try:
            async for message in socket:
                if message.type != WSMsgType.TEXT:
                    continue
                command = json.loads(message.data)
                names = set(command.get("params") or [])
                if command.get("method") == "SUBSCRIBE":
                    streams |= names
                elif command.get("method") == "UNSUBSCRIBE":
                    streams -= names
                await socket.send_str(json.dumps({"result": None, "id": command.get("id")}))
        finally:
            self._market_sockets.pop(socket, None)
        return socket

    _muted = False

    def _to_user_streams(self, event: dict[str, Any]) -> None:
        if self._muted and event.get("e") == "ORDER_TRADE_UPDATE" and event["o"]["x"] == "NEW":
            return  # the acknowledgement over REST stands; its stream event is lost
        payload = json.dumps(event)
        listening = [s for sockets in self._user_sockets.values() for s in sockets if not s.closed]
        if not listening:
            self.undelivered.append(event)  # Binance does not replay them either
        for socket in listening:
            self._send(socket, payload)

    def _to_market_streams(self, stream: str, data: dict[str, Any]) -> None:
        payload = json.dumps({"stream": stream, "data": data})
        for socket, streams in list(self._market_sockets.items()):
            if stream in streams:
                self._send(socket, payload)

    def _send(self, socket: web.WebSocketResponse, payload: str) -> None:
        self._outboxes.send(socket, payload)


def _in_window[Row](
    rows: list[Row], params: dict[str, str], stamp: Callable[[Row], int]
) -> list[Row]:
    start, end = int(params.get("startTime", 0)), params.get("endTime")
    return [r for r in rows if stamp(r) >= start and (end is None or stamp(r) <= int(end))]


def _page[Row](
    rows: list[Row], params: dict[str, str], key: Callable[[Row], int], from_id: str | None
) -> list[Row]:
    """At most `limit` rows (Binance: 500 unless asked, 1000 at most): those from `from_id`
    on, oldest first; without it the most recent ones."""
    limit = min(int(params.get("limit", HISTORY_LIMIT)), HISTORY_LIMIT_MAX)
    if from_id is not None:
        return [r for r in rows if key(r) >= int(from_id)][:limit]
    return rows[-limit:]


def _error(error: errors.BinanceApiError) -> web.Response:
    return web.json_response(error.body(), status=error.status)
