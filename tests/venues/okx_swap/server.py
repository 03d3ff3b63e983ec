"""The emulator on loopback: OKX v5 REST (signed with key, passphrase and HMAC) and streams."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import attrs
from aiohttp import web

from tests.venues.binance_futures.exchange import now_ms
from tests.venues.binance_futures.orders import EmulatedOrder
from tests.venues.loopback import listen
from tests.venues.okx_swap import errors, views
from tests.venues.okx_swap.exchange import OkxSwapExchange
from tests.venues.okx_swap.fills import fills
from tests.venues.okx_swap.signing import ApiKey
from tests.venues.okx_swap.streams import OkxStreams

Handler = Callable[[dict[str, Any]], list[Any]]
TIMESTAMP_WINDOW_MS = 30_000
UID = "600000000000001"
TRADE_OPS = ("/api/v5/trade/order", "/api/v5/trade/cancel-order", "/api/v5/trade/amend-order")


@attrs.define
class Faults:
    """What the next requests get wrong, on purpose."""

    rate_limited: int = 0  # answer 50011 (HTTP 429) to this many signed requests
    clock_skew_ms: int = 0  # the emulator's clock runs this far ahead (50102 past 30 s)
    failing: set[str] = attrs.field(factory=set)  # paths answered 50026 (HTTP 500)
    failed: list[str] = attrs.field(factory=list)  # the path of each request answered so


class OkxSwapEmulator:
    """`await emulator.start()` listens on 127.0.0.1 (a free port); see the `*_url`s."""

    def __init__(self, exchange: OkxSwapExchange, key: ApiKey) -> None:
        self.exchange, self._key = exchange, key
        self.faults = Faults()
        self.requests: list[tuple[str, str]] = []
        self.streams = OkxStreams(exchange, key, UID)
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_public_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/v5/public"

    @property
    def ws_private_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/v5/private"

    def now(self) -> int:
        return now_ms() + self.faults.clock_skew_ms

    async def start(self) -> None:
        app = web.Application()
        for kind in ("public", "private", "business"):
            app.router.add_get(f"/ws/v5/{kind}", self.streams.handler(kind))
        app.router.add_route("*", "/api/v5/{path:.*}", self._rest)
        self._runner, self.port = await listen(app)

    async def stop(self) -> None:
        await self.streams.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- REST -----------------------------------------------------------------------------
    def _routes(self) -> dict[tuple[str, str], tuple[bool, Handler]]:
        ex, now, placed = self.exchange, self.now, self._placed
        nothing: Handler = lambda p: []  # noqa: E731
        return {
            ("GET", "/api/v5/public/time"): (False, lambda p: [{"ts": str(now())}]),
            ("GET", "/api/v5/public/instruments"): (False, self._instruments),
            ("GET", "/api/v5/market/ticker"): (False, self._tickers),
            ("GET", "/api/v5/market/tickers"): (False, self._tickers),
            ("GET", "/api/v5/account/config"): (True, lambda p: [views.account_config(UID)]),
            ("GET", "/api/v5/account/balance"): (True, lambda p: [views.balance(ex, now())]),
            ("GET", "/api/v5/account/trade-fee"): (True, lambda p: [views.fee_rates(ex, now())]),
            ("GET", "/api/v5/account/positions"): (True, self._positions),
            ("GET", "/api/v5/account/positions-history"): (True, nothing),
            ("GET", "/api/v5/trade/order"): (True, lambda p: [views.order(ex, ex.named(p))]),
            ("GET", "/api/v5/trade/orders-pending"): (True, self._pending),
            ("GET", "/api/v5/trade/orders-history"): (True, self._history),
            ("GET", "/api/v5/trade/orders-history-archive"): (True, self._history),
            ("GET", "/api/v5/trade/orders-algo-pending"): (True, nothing),
            ("GET", "/api/v5/trade/orders-algo-history"): (True, nothing),
            ("GET", "/api/v5/trade/fills"): (True, lambda p: fills(ex, p, now())),
            ("GET", "/api/v5/trade/fills-history"): (
                True, lambda p: fills(ex, p, now(), history=True)),
            ("POST", "/api/v5/trade/order"): (True, lambda p: [placed(ex.create(p))]),
            ("POST", "/api/v5/trade/cancel-order"): (True, lambda p: [placed(ex.cancel_named(p))]),
            ("POST", "/api/v5/trade/amend-order"): (True, lambda p: [placed(ex.amend(p))]),
            ("POST", "/api/v5/account/set-position-mode"): (True, lambda p: [p]),
            ("POST", "/api/v5/account/set-leverage"): (True, lambda p: [p]),
        }  # fmt: skip

    async def _rest(self, request: web.Request) -> web.Response:
        path = request.path
        self.requests.append((request.method, path))
        route = self._routes().get((request.method, path))
        if route is None:
            return _refused(errors.unknown_endpoint(path))
        signed, handler = route
        body = await request.text()
        params: dict[str, Any] = dict(parse_qsl(request.query_string))
        try:
            if signed:
                self._authenticate(request, body)
            if request.method == "POST":
                params = json.loads(body or "{}")
            data = handler(params)
        except errors.OkxApiError as error:
            if request.method == "POST" and path in TRADE_OPS and error.per_order:
                return _order_refused(error, params)
            return _refused(error)
        except json.JSONDecodeError:
            return _refused(errors.parameter_error("body"))
        return web.json_response({"code": "0", "msg": "", "data": data})

    def _authenticate(self, request: web.Request, body: str) -> None:
        headers = request.headers
        if headers.get("OK-ACCESS-KEY") != self._key.key:
            raise errors.invalid_key()
        if headers.get("OK-ACCESS-PASSPHRASE") != self._key.passphrase:
            raise errors.passphrase_incorrect()
        stamp = headers.get("OK-ACCESS-TIMESTAMP", "")
        try:
            sent = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        except ValueError:
            raise errors.OkxApiError("50112", "Invalid OK-ACCESS-TIMESTAMP", 401) from None
        if abs(sent.timestamp() * 1000 - self.now()) > TIMESTAMP_WINDOW_MS:
            raise errors.timestamp_expired()
        path = request.rel_url.raw_path_qs if request.query_string else request.path
        prehash = f"{stamp}{request.method}{path}{body}"
        if not self._key.signed(prehash, headers.get("OK-ACCESS-SIGN", "")):
            raise errors.invalid_sign()
        if self.faults.rate_limited > 0:
            self.faults.rate_limited -= 1
            raise errors.too_many_requests()
        if request.path in self.faults.failing:
            self.faults.failed.append(request.path)
            raise errors.system_error()

    def _instruments(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if params.get("instType") != "SWAP":
            return []
        return [
            views.instrument(c)
            for c in self.exchange.swaps.values()
            if params.get("instId") in (None, c.inst_id)
            and params.get("instFamily") in (None, f"{c.spec.base}-{c.spec.quote}")
        ]

    def _tickers(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        ex = self.exchange
        return [
            views.ticker(ex.contract(symbol), quote, self.now())
            for symbol, quote in ex.quotes.items()
            if params.get("instId") in (None, ex.contract(symbol).inst_id)
        ]

    def _positions(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        ex = self.exchange
        return [
            views.position(ex, c, self.now())
            for c in ex.swaps.values()
            if ex.positions[c.spec.symbol].amount and params.get("instId") in (None, c.inst_id)
            and params.get("instType") in (None, "SWAP")
        ]  # fmt: skip

    def _orders(self, params: dict[str, Any], *, open_ones: bool) -> list[dict[str, Any]]:
        if params.get("instType") not in (None, "SWAP"):
            return []
        ex = self.exchange
        wanted = params.get("instId")
        chosen = [
            o for o in ex.orders.values()
            if o.is_open == open_ones and wanted in (None, ex.contract(o.symbol).inst_id)
        ]  # fmt: skip
        chosen.sort(key=lambda o: o.order_id, reverse=True)  # newest first, as OKX pages
        limit = int(params.get("limit") or 100)
        return [views.order(ex, o) for o in chosen[:limit]]

    def _pending(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self._orders(params, open_ones=True)

    def _history(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self._orders(params, open_ones=False)

    def _placed(self, placed: EmulatedOrder) -> dict[str, str]:
        return {"ordId": views.order_id(placed), "clOrdId": placed.client_order_id, "tag": "",
                "ts": str(self.now()), "sCode": "0", "sMsg": "Order placed"}  # fmt: skip


def _refused(error: errors.OkxApiError) -> web.Response:
    return web.json_response(
        {"code": error.code, "msg": error.msg, "data": []}, status=error.status
    )


def _order_refused(error: errors.OkxApiError, params: dict[str, Any]) -> web.Response:
    row = {"ordId": "", "clOrdId": params.get("clOrdId", ""), "tag": "", "ts": str(now_ms()),
           "sCode": error.code, "sMsg": error.msg}  # fmt: skip
    return web.json_response({"code": "1", "msg": "All operations failed", "data": [row]})
