"""The fake Deribit's JSON-RPC methods: OAuth-like tokens and the private trading API."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from tests.fakes.deribit_exchange import ExchangeError, FakeExchange, Json, currency_of, invalid

WS_ONLY = {"public/set_heartbeat", "private/subscribe", "private/enable_cancel_on_disconnect"}
# `user.orders.{kind}.{currency}.raw` as the AsyncAPI channel pages list them; `any` for
# both is the older pages' wildcard, served only while `wildcard_channels` is on.
KINDS = frozenset({"future", "option", "spot", "future_combo", "option_combo"})
CURRENCIES = frozenset({"BTC", "ETH", "USDC", "USDT", "EURR"})


@attrs.define(eq=False)
class Caller:
    """Who is calling: one WebSocket connection, or one HTTP request (its bearer token)."""

    websocket: bool
    token: str | None = None
    channels: set[str] = attrs.field(factory=set)
    cancel_on_disconnect: bool = False
    heartbeat_s: float | None = None
    authenticated: bool = False


class FakeApi:
    """Dispatches a method to its handler; raises `ExchangeError` for error answers."""

    def __init__(
        self,
        exchange: FakeExchange,
        *,
        client_id: str,
        client_secret: str,
        token_ttl_s: float,
        min_heartbeat_s: float,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.exchange, self._now = exchange, now
        self._client = (client_id, client_secret)
        self.token_ttl_s, self.min_heartbeat_s = token_ttl_s, min_heartbeat_s
        self._tokens: dict[str, float] = {}
        self._refresh_tokens: set[str] = set()
        self.auth_grants: list[str] = []
        self.sessions_opened = 0
        self.test_answers = 0
        self.wildcard_channels = True
        self.token_in_params = False
        self.trade_page_limit = 1000

    def expire_tokens(self) -> None:
        """Every access token stops working now (private calls answer 13009); refresh
        tokens still work, as after Deribit expires a session's token early."""
        self._tokens.clear()

    def revoke_refresh_tokens(self) -> None:
        """Refresh tokens stop working too: only `client_credentials` logs in again."""
        self._refresh_tokens.clear()

    def handle(self, method: str, params: Json, caller: Caller) -> Any:
        if method in WS_ONLY and not caller.websocket:
            raise ExchangeError(11050, "bad_request", {"reason": "WebSocket only"})
        if method.startswith("private/"):
            token = self._token_of(params, caller)
            if not self._authorized(token):
                reason = "token expired" if token else "no access token"
                raise ExchangeError(13009, "unauthorized", {"reason": reason})
        handler = getattr(self, "_" + method.replace("/", "_"), None)
        if handler is None:
            raise ExchangeError(-32601, "Method not found")
        return handler(params, caller)

    def _token_of(self, params: Json, caller: Caller) -> str | None:
        """The `access_token` parameter, which the docs require over the WebSocket; else the
        bearer header (HTTP) or, unless `token_in_params` is on, the connection's login."""
        given = params.get("access_token")
        if given:
            return str(given)
        if caller.websocket and self.token_in_params:
            return None
        return caller.token

    def _authorized(self, token: str | None) -> bool:
        return token is not None and self._tokens.get(token, 0.0) > self._now()

    # -- public --------------------------------------------------------------------------
    def _public_auth(self, params: Json, caller: Caller) -> Json:
        grant = str(params.get("grant_type"))
        self.auth_grants.append(grant)
        if grant == "client_credentials":
            if (params.get("client_id"), params.get("client_secret")) != self._client:
                raise ExchangeError(13004, "invalid_credentials")
        elif grant == "refresh_token":
            if params.get("refresh_token") not in self._refresh_tokens:
                raise ExchangeError(13009, "unauthorized", {"reason": "invalid refresh token"})
            self._refresh_tokens.discard(params["refresh_token"])
        else:
            raise invalid("grant_type", "unsupported")
        access, refresh = secrets.token_hex(12), secrets.token_hex(12)
        self._tokens[access] = self._now() + self.token_ttl_s
        self._refresh_tokens.add(refresh)
        caller.token = access
        if caller.websocket and not caller.authenticated:
            caller.authenticated = True
            self.sessions_opened += 1
        return {
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": self.token_ttl_s,
            "scope": "connection mainaccount",
            "token_type": "bearer",
        }

    def _public_test(self, params: Json, caller: Caller) -> Json:
        self.test_answers += 1
        return {"version": "fake-2.1.1"}

    def _public_set_heartbeat(self, params: Json, caller: Caller) -> str:
        interval = float(params.get("interval", 0))
        if interval < self.min_heartbeat_s:
            raise invalid("interval", f"must be at least {self.min_heartbeat_s}")
        caller.heartbeat_s = interval
        return "ok"

    # -- session -------------------------------------------------------------------------
    def _private_enable_cancel_on_disconnect(self, params: Json, caller: Caller) -> str:
        caller.cancel_on_disconnect = True
        return "ok"

    def _private_subscribe(self, params: Json, caller: Caller) -> list[str]:
        """Deribit answers the channels it subscribed: unknown ones are left out, silently."""
        channels = [str(c) for c in params.get("channels", []) if self.serves(str(c))]
        caller.channels.update(channels)
        return channels

    def serves(self, channel: str) -> bool:
        parts = channel.split(".")
        if parts[0] == "book":
            return True
        if parts[:2] not in (["user", "orders"], ["user", "trades"]) or parts[-1] != "raw":
            return False
        scope = parts[2:-1]
        if len(scope) == 1:
            return scope[0] in self.exchange.books
        if len(scope) != 2:
            return False
        wild = {"any"} if self.wildcard_channels else set()
        return scope[0] in KINDS | wild and scope[1] in CURRENCIES | wild

    # -- trading -------------------------------------------------------------------------
    def _private_buy(self, params: Json, caller: Caller) -> Json:
        return self.exchange.place("buy", params, caller)

    def _private_sell(self, params: Json, caller: Caller) -> Json:
        return self.exchange.place("sell", params, caller)

    def _private_edit(self, params: Json, caller: Caller) -> Json:
        price = params.get("price")
        return self.exchange.edit(
            str(params.get("order_id")),
            Decimal(str(params.get("amount"))),
            None if price is None else Decimal(str(price)),
        )

    def _private_cancel(self, params: Json, caller: Caller) -> Json:
        return self.exchange.cancel(str(params.get("order_id")))

    def _private_cancel_all_by_instrument(self, params: Json, caller: Caller) -> int:
        name = params.get("instrument_name")
        return self.exchange.cancel_where(lambda order: order["instrument_name"] == name)

    # -- queries -------------------------------------------------------------------------
    def _private_get_order_state(self, params: Json, caller: Caller) -> Json:
        order = self.exchange.orders.get(str(params.get("order_id")))
        if order is None:
            raise ExchangeError(10004, "order_not_found")
        return dict(order)

    def _private_get_order_state_by_label(self, params: Json, caller: Caller) -> list[Json]:
        return [dict(o) for o in self._orders_in(params) if o["label"] == params.get("label")]

    def _private_get_open_orders_by_currency(self, params: Json, caller: Caller) -> list[Json]:
        return [dict(o) for o in self._orders_in(params) if o["order_state"] == "open"]

    def _private_get_user_trades_by_currency(self, params: Json, caller: Caller) -> Json:
        """`start_id` is the first trade returned; `count` (default 10, at most 1000, and
        at most `trade_page_limit`) caps a page, `has_more` says whether one follows."""
        start = int(params.get("start_timestamp", 0))
        count = min(int(params.get("count", 10)), 1000, self.trade_page_limit)
        trades = [
            t
            for t in self.exchange.trades
            if currency_of(t["instrument_name"]) == params.get("currency")
            and t["timestamp"] >= start
        ]
        ids = [t["trade_id"] for t in trades]
        if params.get("start_id") in ids:
            trades = trades[ids.index(params["start_id"]) :]
        if params.get("sorting") != "asc":
            trades.reverse()
        return {"trades": trades[:count], "has_more": len(trades) > count}

    def _private_get_user_trades_by_order(self, params: Json, caller: Caller) -> list[Json]:
        return [t for t in self.exchange.trades if t["order_id"] == params.get("order_id")]

    def _private_get_positions(self, params: Json, caller: Caller) -> list[Json]:
        return [
            {
                "instrument_name": name,
                "size": size,
                "direction": "buy" if size > 0 else "sell" if size < 0 else "zero",
                "average_price": avg,
                "kind": "option" if name.count("-") == 3 else "future",
            }
            for name, (size, avg) in sorted(self.exchange.positions.items())
            if currency_of(name) == params.get("currency")
        ]

    def _orders_in(self, params: Json) -> list[Json]:
        currency = params.get("currency")
        return [
            o
            for o in self.exchange.orders.values()
            if currency_of(o["instrument_name"]) == currency
        ]
