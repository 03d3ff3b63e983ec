"""OKX's WebSocket API: `/ws/v5/public`, `/ws/v5/private` and `/ws/v5/business`, with the
`login` op, channel subscriptions and the trading ops `order`, `cancel-order`, `amend-order`."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import attrs
from aiohttp import WSMsgType, web

from tests.venues.binance_futures.exchange import now_ms
from tests.venues.loopback import Outboxes
from tests.venues.okx_swap import errors, views
from tests.venues.okx_swap.exchange import OkxSwapExchange
from tests.venues.okx_swap.signing import ApiKey

PRIVATE_CHANNELS = {
    "orders", "fills", "positions", "account", "balance_and_position", "orders-algo",
    "algo-advance", "sprd-orders", "liquidation-warning",
}  # fmt: skip
SWAP_TYPES = (None, "ANY", "SWAP")  # the instType of a subscription that takes swap rows
LOGIN_WINDOW_S = 30
Operation = Callable[[dict[str, Any]], dict[str, Any]]


@attrs.define(eq=False)
class Session:
    """One client connection: where it connected, whether it logged in, what it listens to."""

    kind: str  # public, private or business
    conn_id: str = attrs.field(factory=lambda: uuid.uuid4().hex[:8])
    logged_in: bool = False
    args: list[dict[str, Any]] = attrs.field(factory=list)

    def listens(self, channel: str, inst_id: str | None = None) -> dict[str, Any] | None:
        """The subscription that takes the channel's swap rows (of `inst_id`), if any: one
        per instType may be open (`orders` of FUTURES and of SWAP), in any order."""
        for arg in self.args:
            if arg.get("channel") != channel or arg.get("instType") not in SWAP_TYPES:
                continue
            if inst_id is None or arg.get("instId") in (None, inst_id):
                return arg
        return None


class OkxStreams:
    """The streams of one emulator; `rate_limited` answers 50011 to that many trading ops."""

    def __init__(self, exchange: OkxSwapExchange, key: ApiKey, uid: str) -> None:
        self.exchange, self._key, self._uid = exchange, key, uid
        self.sessions: dict[web.WebSocketResponse, Session] = {}
        self.logins: list[str] = []  # the kind of each successful login
        self.operations: list[str] = []  # every trading op received
        self.refused: list[str] = []  # the sCode of every trading op refused
        self.undelivered: list[tuple[str, list[dict[str, Any]]]] = []  # no private listener
        self.rate_limited = 0
        self.refusing: set[str] = set()  # kinds of stream whose connections get HTTP 503
        self.refusals = 0  # connections refused so far
        self._outboxes = Outboxes()
        exchange.private_listeners.append(self._to_private)
        exchange.public_listeners.append(self._to_public)

    def handler(self, kind: str) -> Callable[[web.Request], Any]:
        async def stream(request: web.Request) -> web.StreamResponse:
            if kind in self.refusing:
                self.refusals += 1
                return web.Response(status=503, text="Service Unavailable")
            socket = web.WebSocketResponse(heartbeat=30)
            await socket.prepare(request)
            session = self.sessions[socket] = Session(kind)
            try:
                async for message in socket:
                    if message.type == WSMsgType.TEXT:
                        self._receive(socket, session, message.data)
            finally:
                self.sessions.pop(socket, None)
            return socket

        return stream

    async def close(self, kind: str | None = None, *, refuse_reconnects: bool = False) -> None:
        """Close every stream (of one kind): the clients must reconnect and log in again;
        with `refuse_reconnects`, not before `refusing` is emptied."""
        if refuse_reconnects and kind is not None:
            self.refusing.add(kind)
        for socket, session in list(self.sessions.items()):
            if kind in (None, session.kind):
                await socket.close()
        if kind is None:
            self._outboxes.cancel()

    # -- requests -------------------------------------------------------------------------
    def _receive(self, socket: web.WebSocketResponse, session: Session, text: str) -> None:
        if text == "ping":
            self._outboxes.send(socket, "pong")
            return
        try:
            request = json.loads(text)
        except json.JSONDecodeError:
            self._reply(socket, session, _event_error("60012", f"Invalid request: {text}"))
            return
        op = request.get("op")
        if op == "login":
            self._login(socket, session, request.get("args") or [{}])
        elif op in ("subscribe", "unsubscribe"):
            for arg in request.get("args") or []:
                self._subscription(socket, session, str(op), arg)
        elif op in ("order", "cancel-order", "amend-order"):
            self._reply(socket, session, self._trade(session, request))
        else:
            self._reply(socket, session, _event_error("60012", f"Invalid request: {text}"))

    def _login(self, socket: web.WebSocketResponse, session: Session, args: list[Any]) -> None:
        arg = args[0] if args and isinstance(args[0], dict) else {}
        stamp = str(arg.get("timestamp", ""))
        if arg.get("apiKey") != self._key.key:
            answer = _event_error("60005", "Invalid OK-ACCESS-KEY")
        elif arg.get("passphrase") != self._key.passphrase:
            answer = _event_error("60024", "Wrong passphrase")
        elif not stamp.isdigit() or abs(int(stamp) - time.time()) > LOGIN_WINDOW_S:
            answer = _event_error("60006", "Timestamp request expired")
        elif not self._key.signed(f"{stamp}GET/users/self/verify", str(arg.get("sign", ""))):
            answer = _event_error("60007", "Invalid sign")
        else:
            session.logged_in = True
            self.logins.append(session.kind)
            answer = {"event": "login", "code": "0", "msg": ""}
        self._reply(socket, session, answer)

    def _subscription(
        self, socket: web.WebSocketResponse, session: Session, op: str, arg: dict[str, Any]
    ) -> None:
        channel = str(arg.get("channel"))
        private = channel in PRIVATE_CHANNELS
        if private and not session.logged_in:
            self._reply(socket, session, _event_error("60011", "Please log in"))
            return
        if private == (session.kind == "public"):
            self._reply(
                socket, session, _event_error("60018", f"Wrong URL or {channel} doesn't exist.")
            )
            return
        if op == "unsubscribe":
            session.args = [a for a in session.args if a != arg]
        elif arg not in session.args:
            session.args.append(arg)
        self._reply(socket, session, {"event": op, "arg": arg})
        if op == "subscribe" and channel in ("account", "positions"):
            self._snapshot(socket, channel, arg)

    def _snapshot(self, socket: web.WebSocketResponse, channel: str, arg: dict[str, Any]) -> None:
        """OKX pushes `account` and `positions` once on subscribing, then on every change."""
        ex, stamp = self.exchange, now_ms()
        if channel == "account":
            rows = [views.balance(ex, stamp)]
        else:
            rows = [views.position(ex, c, stamp) for c in ex.swaps.values()
                    if ex.positions[c.spec.symbol].amount]  # fmt: skip
        self._outboxes.send(socket, json.dumps({"arg": arg | {"uid": self._uid}, "data": rows}))

    def _trade(self, session: Session, request: dict[str, Any]) -> dict[str, Any]:
        op, args = str(request.get("op")), request.get("args") or [{}]
        self.operations.append(op)
        stamp = str(now_ms())
        answer = {"id": request.get("id", ""), "op": op, "inTime": stamp + "000"}
        if not session.logged_in or session.kind != "private":
            return answer | {"code": "60011", "msg": "Please log in", "data": [],
                             "outTime": stamp + "000"}  # fmt: skip
        operation: Operation = {
            "order": self.exchange.create,
            "cancel-order": self.exchange.cancel_named,
            "amend-order": self.exchange.amend,
        }[op]  # type: ignore[assignment]
        arg = args[0]
        result = {"clOrdId": arg.get("clOrdId", ""), "ordId": arg.get("ordId", ""), "tag": "",
                  "ts": stamp}  # fmt: skip
        if op == "amend-order":
            result["reqId"] = arg.get("reqId", "")
        try:
            if self.rate_limited > 0:
                self.rate_limited -= 1
                raise errors.too_many_requests()
            placed = operation(arg)
        except errors.OkxApiError as refused:
            self.refused.append(refused.code)
            failed = result | {"sCode": refused.code, "sMsg": refused.msg}
            return answer | {"code": "1", "msg": "Operation failed.", "data": [failed],
                             "outTime": str(now_ms()) + "000"}  # fmt: skip
        done = result | {"ordId": views.order_id(placed), "clOrdId": placed.client_order_id,
                         "sCode": "0", "sMsg": "Order placed" if op == "order" else ""}  # fmt: skip
        return answer | {"code": "0", "msg": "", "data": [done], "outTime": str(now_ms()) + "000"}

    # -- pushes ---------------------------------------------------------------------------
    def _reply(self, socket: web.WebSocketResponse, session: Session, answer: dict) -> None:
        if "event" in answer:
            answer = answer | {"connId": session.conn_id}
        self._outboxes.send(socket, json.dumps(answer))

    def _to_private(self, channel: str, rows: list[dict[str, Any]]) -> None:
        delivered = False
        for socket, session in list(self.sessions.items()):
            arg = session.listens(channel)
            if arg is None:
                continue
            self._outboxes.send(socket, json.dumps({"arg": arg | {"uid": self._uid}, "data": rows}))
            delivered = True
        if not delivered and channel == "orders":
            self.undelivered.append((channel, rows))  # OKX does not replay them either

    def _to_public(self, channel: str, inst_id: str, rows: list[dict[str, Any]]) -> None:
        payload = json.dumps({"arg": {"channel": channel, "instId": inst_id}, "data": rows})
        for socket, session in list(self.sessions.items()):
            if session.listens(channel, inst_id) is not None:
                self._outboxes.send(socket, payload)


def _event_error(code: str, msg: str) -> dict[str, Any]:
    return {"event": "error", "code": code, "msg": msg}
