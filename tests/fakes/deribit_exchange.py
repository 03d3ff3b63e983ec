"""The matching model behind the fake Deribit: books, our orders, trades and positions."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

Json = dict[str, Any]
ZERO = Decimal(0)
TIME_IN_FORCE = {"good_til_cancelled", "immediate_or_cancel", "fill_or_kill", "good_til_day"}


class ExchangeError(Exception):
    """A JSON-RPC error the fake answers with."""

    def __init__(self, code: int, message: str, data: Json | None = None) -> None:
        self.code, self.message, self.data = code, message, data
        super().__init__(f"[{code}] {message}")


def currency_of(name: str) -> str:
    root = name.split("-", 1)[0]
    base, sep, quote = root.partition("_")
    return quote if sep else base


def invalid(param: str, reason: str) -> ExchangeError:
    return ExchangeError(-32602, "Invalid params", {"param": param, "reason": reason})


class FakeExchange:
    """Market orders walk the visible book (partially, across levels; the rest is cancelled),
    limit orders take what crosses and rest; `trade_against` fills resting orders. Every
    change is reported to `listener(trades, order)`; the visible book to `book_listener`."""

    def __init__(
        self, *, now_ms: Callable[[], int], taker_fee: Decimal = Decimal("0.0005")
    ) -> None:
        self._now_ms, self._taker_fee = now_ms, taker_fee
        self.books: dict[str, dict[str, list[list[Decimal]]]] = {}
        self.orders: dict[str, Json] = {}
        self.aged_out: dict[str, Json] = {}  # closed orders past the recent records
        self.owners: dict[str, object] = {}
        self.trades: list[Json] = []
        self.positions: dict[str, tuple[Decimal, Decimal]] = {}
        self.listener: Callable[[list[Json], Json], None] = lambda trades, order: None
        self.book_listener: Callable[[str], None] = lambda name: None
        # Deribit-like ids: order ids `BTC-331562`, trade ids `BTC-2696097`, each its own run.
        self._order_ids = itertools.count(331_562)
        self._trade_ids = itertools.count(2_696_097)

    def set_book(
        self, name: str, *, bids: list[tuple[str, str]], asks: list[tuple[str, str]]
    ) -> None:
        """Levels as (price, amount) strings, best first."""
        self.books[name] = {
            "bids": [[Decimal(p), Decimal(a)] for p, a in bids],
            "asks": [[Decimal(p), Decimal(a)] for p, a in asks],
        }
        self.book_listener(name)

    def book_snapshot(self, name: str) -> Json:
        book = self.books.get(name, {"bids": [], "asks": []})
        return {
            "instrument_name": name,
            "timestamp": self._now_ms(),
            "bids": [[p, a] for p, a in book["bids"] if a > 0],
            "asks": [[p, a] for p, a in book["asks"] if a > 0],
        }

    def place(self, direction: str, params: Json, owner: object) -> Json:
        name, order_type = str(params.get("instrument_name", "")), params.get("type", "limit")
        if name not in self.books:
            raise invalid("instrument_name", "wrong format")
        amount = Decimal(str(params.get("amount", "0")))
        if amount <= 0:
            raise invalid("amount", "must be positive")
        if order_type not in ("limit", "market"):
            raise invalid("type", "unsupported")
        tif = params.get("time_in_force", "good_til_cancelled")
        if tif not in TIME_IN_FORCE:
            raise invalid("time_in_force", "unsupported")
        if order_type == "limit" and params.get("price") is None:
            raise invalid("price", "required for limit orders")
        if len(str(params.get("label", ""))) > 64:
            raise invalid("label", "too long")
        now = self._now_ms()
        order: Json = {
            "order_id": f"{currency_of(name)}-{next(self._order_ids)}",
            "label": str(params.get("label", "")),
            "instrument_name": name,
            "direction": direction,
            "order_type": order_type,
            "order_state": "open",
            "price": Decimal(str(params["price"])) if order_type == "limit" else "market_price",
            "amount": amount,
            "filled_amount": ZERO,
            "average_price": ZERO,
            "time_in_force": tif,
            "creation_timestamp": now,
            "last_update_timestamp": now,
            "post_only": False,
            "reduce_only": False,
            "api": True,
        }
        self.orders[order["order_id"]] = order
        self.owners[order["order_id"]] = owner
        limit = order["price"] if order_type == "limit" else None
        trades = (
            []
            if tif == "fill_or_kill" and not self._fillable(order, limit)
            else self._take(order, limit)
        )
        if order["filled_amount"] < amount and (
            order_type == "market" or tif != "good_til_cancelled"
        ):
            order["order_state"] = "cancelled"
        self.listener(trades, order)
        return {"order": dict(order), "trades": trades}

    def edit(self, order_id: str, amount: Decimal, price: Decimal | None) -> Json:
        order = self._open(order_id)
        if amount < order["filled_amount"]:
            raise invalid("amount", "below the filled amount")
        order["amount"], order["last_update_timestamp"] = amount, self._now_ms()
        if price is not None:
            order["price"] = price
        trades = self._take(order, order["price"])
        self.listener(trades, order)
        return {"order": dict(order), "trades": trades}

    def cancel(self, order_id: str, reason: str = "user_request") -> Json:
        order = self._open(order_id)
        order["order_state"], order["cancel_reason"] = "cancelled", reason
        order["last_update_timestamp"] = self._now_ms()
        self.listener([], order)
        return dict(order)

    def cancel_where(self, keep: Callable[[Json], bool], reason: str = "user_request") -> int:
        chosen = [o for o in self.orders.values() if o["order_state"] == "open" and keep(o)]
        for order in chosen:
            self.cancel(order["order_id"], reason)
        return len(chosen)

    def age_out_closed_orders(self) -> int:
        """Closed orders leave the recent records, as Deribit's do 30 minutes after they
        close ("Accessing historical trades and orders"): order queries no longer find them;
        their trades stay (24 hours). Returns how many left."""
        closed = [oid for oid, o in self.orders.items() if o["order_state"] != "open"]
        for order_id in closed:
            self.aged_out[order_id] = self.orders.pop(order_id)
        return len(closed)

    def trade_against(self, name: str, side: str, amount: Decimal, price: Decimal) -> list[Json]:
        """Someone else's `side` order of `amount` at `price` hits our resting orders that
        it crosses (a sell hits our buys priced at or above it), oldest first."""
        ours = "buy" if side == "sell" else "sell"
        done: list[Json] = []
        for order in [o for o in self.orders.values() if o["instrument_name"] == name]:
            if amount <= 0:
                break
            if order["order_state"] != "open" or order["direction"] != ours:
                continue  # (a filled market order's price is the string "market_price")
            crosses = order["price"] >= price if ours == "buy" else order["price"] <= price
            if not crosses:
                continue
            take = min(amount, order["amount"] - order["filled_amount"])
            amount -= take
            trades = [self._trade(order, take, order["price"], "M")]
            done += trades
            self.listener(trades, order)
        return done

    def _open(self, order_id: str) -> Json:
        order = self.orders.get(order_id)
        if order is None:
            raise ExchangeError(10004, "order_not_found")
        if order["order_state"] != "open":
            raise ExchangeError(10010, "already_closed")
        return order

    def _fillable(self, order: Json, limit: Decimal | None) -> bool:
        levels = self.books[order["instrument_name"]][
            "asks" if order["direction"] == "buy" else "bids"
        ]
        depth = sum((a for p, a in levels if limit is None or not _beyond(order, p, limit)), ZERO)
        return depth >= order["amount"]

    def _take(self, order: Json, limit: Decimal | None) -> list[Json]:
        levels = self.books[order["instrument_name"]][
            "asks" if order["direction"] == "buy" else "bids"
        ]
        trades: list[Json] = []
        for level in levels:
            remaining = order["amount"] - order["filled_amount"]
            if remaining <= 0 or (limit is not None and _beyond(order, level[0], limit)):
                break
            take = min(level[1], remaining)
            if take > 0:
                level[1] -= take
                trades.append(self._trade(order, take, level[0], "T"))
        if trades:
            self.book_listener(order["instrument_name"])
        return trades

    def _trade(self, order: Json, amount: Decimal, price: Decimal, liquidity: str) -> Json:
        filled = order["filled_amount"] + amount
        order["average_price"] = (
            order["average_price"] * order["filled_amount"] + price * amount
        ) / filled
        order["filled_amount"], order["last_update_timestamp"] = filled, self._now_ms()
        if filled == order["amount"]:
            order["order_state"] = "filled"
        name = order["instrument_name"]
        size, avg = self.positions.get(name, (ZERO, ZERO))
        signed = amount if order["direction"] == "buy" else -amount
        avg = (
            price
            if size == 0 or (size > 0) != (signed > 0)
            else (avg * abs(size) + price * amount) / (abs(size) + amount)
        )
        self.positions[name] = (size + signed, avg)
        trade = {
            "trade_id": f"{currency_of(name)}-{next(self._trade_ids)}",
            "trade_seq": len(self.trades) + 1,
            "order_id": order["order_id"],
            "label": order["label"],
            "instrument_name": name,
            "direction": order["direction"],
            "amount": amount,
            "price": price,
            "fee": (self._taker_fee if liquidity == "T" else ZERO) * amount / price,
            "fee_currency": currency_of(name),
            "liquidity": liquidity,
            "order_type": order["order_type"],
            "state": order["order_state"],
            "timestamp": self._now_ms(),
        }
        self.trades.append(trade)
        return trade


def _beyond(order: Json, price: Decimal, limit: Decimal) -> bool:
    return price > limit if order["direction"] == "buy" else price < limit
