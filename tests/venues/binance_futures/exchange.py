"""The emulated exchange: one USD-M account, its orders matched against the recorded book."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from tests.venues.binance_futures import errors
from tests.venues.binance_futures.orders import (
    ZERO,
    EmulatedOrder,
    EmulatedPosition,
    EmulatedTrade,
    SymbolSpec,
)
from tests.venues.binance_futures.user_events import account_update, order_trade_update

Listener = Callable[[dict[str, Any]], None]
MarketListener = Callable[[str, dict[str, Any]], None]


def now_ms() -> int:
    return int(time.time() * 1000)


class BinanceFuturesExchange:
    """Orders rest or trade against the top of the book the feed gives (quotes and trades
    of the recordings). A market order takes the visible size; what the book cannot fill
    expires, as Binance expires a market order's remainder. A resting limit fills when a
    quote or a trade crosses it. Margin is checked at `leverage` (-2019 when short)."""

    def __init__(
        self,
        symbols: list[SymbolSpec],
        *,
        balance: Decimal = Decimal(100_000),
        leverage: int = 10,
        taker_fee: Decimal = Decimal("0.0004"),
        maker_fee: Decimal = Decimal("0.0002"),
    ) -> None:
        self.symbols = {s.symbol: s for s in symbols}
        self.wallet = balance
        self.leverage = leverage
        self.fees = {True: maker_fee, False: taker_fee}
        self.quotes: dict[str, tuple[Decimal, Decimal, Decimal, Decimal]] = {}
        self.orders: dict[int, EmulatedOrder] = {}
        self.trades: list[EmulatedTrade] = []
        self.positions = {s.symbol: EmulatedPosition(s.symbol) for s in symbols}
        self.user_listeners: list[Listener] = []
        self.market_listeners: list[MarketListener] = []
        self._order_ids = itertools.count(8_000_000_001)
        self._trade_ids = itertools.count(500_000_001)
        self._update_ids = itertools.count(1)

    # -- the account ----------------------------------------------------------------------
    def spec(self, symbol: str) -> SymbolSpec:
        if symbol not in self.symbols:
            raise errors.BinanceApiError(-1121, "Invalid symbol.")
        return self.symbols[symbol]

    def unrealized(self) -> Decimal:
        total = ZERO
        for symbol, position in self.positions.items():
            mark = self.mark(symbol)
            if position.amount and mark:
                total += (mark - position.entry) * position.amount
        return total

    def mark(self, symbol: str) -> Decimal | None:
        quote = self.quotes.get(symbol)
        return (quote[0] + quote[2]) / 2 if quote else None

    def margin_used(self) -> Decimal:
        used = sum((abs(p.amount) * p.entry for p in self.positions.values()), ZERO)
        for order in self.orders.values():
            if order.is_open and order.price is not None:
                used += order.leaves * order.price
        return used / self.leverage

    def available(self) -> Decimal:
        return self.wallet + self.unrealized() - self.margin_used()

    # -- orders ---------------------------------------------------------------------------
    def place(self, params: dict[str, str]) -> EmulatedOrder:
        spec = self.spec(params.get("symbol", ""))
        side, kind = params.get("side"), params.get("type")
        if side not in ("BUY", "SELL"):
            raise errors.bad_parameter("side")
        if kind not in ("MARKET", "LIMIT"):
            raise errors.BinanceApiError(-1116, "Invalid orderType.")
        quantity = _decimal(params, "quantity")
        if quantity < spec.min_qty or quantity % spec.step_size:
            raise errors.BinanceApiError(
                -1111, "Precision is over the maximum defined for this asset."
            )
        price = _decimal(params, "price") if kind == "LIMIT" else None
        if price is not None and price % spec.tick_size:
            raise errors.BinanceApiError(
                -1111, "Precision is over the maximum defined for this asset."
            )
        client_id = params.get("newClientOrderId") or f"emu-{next(self._update_ids)}"
        if any(o.client_order_id == client_id and o.is_open for o in self.orders.values()):
            raise errors.BinanceApiError(-4116, "ClientOrderId is duplicated.")
        reference = price or self._touch(spec.symbol, side) or ZERO
        reduce_only = params.get("reduceOnly", "false").lower() == "true"
        if not reduce_only and quantity * reference / self.leverage > self.available():
            raise errors.margin_insufficient()
        stamp = now_ms()
        order = EmulatedOrder(
            order_id=next(self._order_ids),
            client_order_id=client_id,
            symbol=spec.symbol,
            side=side,
            type=kind,
            time_in_force=params.get("timeInForce", "GTC") if kind == "LIMIT" else "GTC",
            quantity=quantity,
            price=price,
            time=stamp,
            reduce_only=reduce_only,
        )
        self.orders[order.order_id] = order
        self._publish_order(order, "NEW")
        self._match(order, taker=True)
        if order.is_open and (kind == "MARKET" or order.time_in_force in ("IOC", "FOK")):
            self._finish(order, "EXPIRED")
        return order

    def find(self, params: dict[str, str]) -> EmulatedOrder:
        """The order named by `orderId` or `origClientOrderId` (-2013 when none)."""
        order_id, client_id = params.get("orderId"), params.get("origClientOrderId")
        for order in self.orders.values():
            if (order_id and str(order.order_id) == order_id) or (
                client_id and order.client_order_id == client_id
            ):
                return order
        raise errors.order_does_not_exist()

    def cancel(self, params: dict[str, str]) -> EmulatedOrder:
        try:
            order = self.find(params)
        except errors.BinanceApiError:
            raise errors.unknown_order() from None
        if not order.is_open:
            raise errors.unknown_order()
        self._finish(order, "CANCELED")
        return order

    def open_orders(self, symbol: str | None) -> list[EmulatedOrder]:
        return [o for o in self.orders.values() if o.is_open and symbol in (None, o.symbol)]

    def trade_against(self, symbol: str, side: str, quantity: Decimal, price: Decimal) -> int:
        """Someone else's `side` order of `quantity` at `price` hits the resting orders it
        crosses (a sell hits buys priced at or above it), oldest first; the trades made."""
        made = 0
        for order in self.open_orders(symbol):
            if quantity <= 0:
                break
            crosses = order.price is not None and (
                (side == "SELL" and order.side == "BUY" and order.price >= price)
                or (side == "BUY" and order.side == "SELL" and order.price <= price)
            )
            if crosses:
                take = min(quantity, order.leaves)
                quantity -= take
                self._fill(order, take, order.price, maker=True)  # type: ignore[arg-type]
                made += 1
        return made

    # -- the market -----------------------------------------------------------------------
    def on_quote(
        self, symbol: str, bid: Decimal, bid_qty: Decimal, ask: Decimal, ask_qty: Decimal
    ) -> None:
        self.quotes[symbol] = (bid, bid_qty, ask, ask_qty)
        stamp, spec = now_ms(), self.symbols[symbol]
        px, qty = spec.price_text, spec.quantity_text
        data = {
            "e": "bookTicker", "u": next(self._update_ids), "E": stamp, "T": stamp, "s": symbol,
            "b": px(bid), "B": qty(bid_qty), "a": px(ask), "A": qty(ask_qty),
        }  # fmt: skip
        self._market(f"{symbol.lower()}@bookTicker", data)
        for order in self.open_orders(symbol):
            self._match(order, taker=False)

    def on_trade(
        self, symbol: str, price: Decimal, quantity: Decimal, buyer_maker: bool, trade_id: int
    ) -> None:
        stamp, spec = now_ms(), self.symbols[symbol]
        data = {
            "e": "trade", "E": stamp, "T": stamp, "s": symbol, "t": trade_id,
            "p": spec.price_text(price), "q": spec.quantity_text(quantity), "X": "MARKET",
            "m": buyer_maker,
        }  # fmt: skip
        self._market(f"{symbol.lower()}@trade", data)
        for order in self.open_orders(symbol):
            crossed = order.price is not None and (
                (order.side == "BUY" and price <= order.price)
                or (order.side == "SELL" and price >= order.price)
            )
            if crossed:
                self._fill(order, min(order.leaves, quantity), order.price, maker=True)  # type: ignore[arg-type]

    # -- internals ------------------------------------------------------------------------
    def _touch(self, symbol: str, side: str) -> Decimal | None:
        quote = self.quotes.get(symbol)
        if quote is None:
            return None
        return quote[2] if side == "BUY" else quote[0]

    def _match(self, order: EmulatedOrder, *, taker: bool) -> None:
        quote = self.quotes.get(order.symbol)
        if quote is None or not order.is_open:
            return
        price, size = (quote[2], quote[3]) if order.side == "BUY" else (quote[0], quote[1])
        limit = order.price
        if limit is not None and (
            (order.side == "BUY" and price > limit) or (order.side == "SELL" and price < limit)
        ):
            return
        self._fill(order, min(order.leaves, size), price, maker=not taker)

    def _fill(
        self, order: EmulatedOrder, quantity: Decimal, price: Decimal, *, maker: bool
    ) -> None:
        if quantity <= 0:
            return
        spec = self.symbols[order.symbol]
        commission = (quantity * price * self.fees[maker]).quantize(Decimal("0.00000001"))
        realized = self.positions[order.symbol].apply(order.side, quantity, price)
        self.wallet += realized - commission
        order.filled += quantity
        order.cum_quote += quantity * price
        order.status = "FILLED" if order.leaves == 0 else "PARTIALLY_FILLED"
        order.update_time = now_ms()
        trade = EmulatedTrade(
            trade_id=next(self._trade_ids), order_id=order.order_id, symbol=order.symbol,
            side=order.side, price=price, quantity=quantity, commission=commission,
            commission_asset=spec.quote, maker=maker, time=order.update_time, realized_pnl=realized,
        )  # fmt: skip
        self.trades.append(trade)
        self._publish_order(order, "TRADE", trade)
        self._user(account_update(self, order.symbol, spec.quote))

    def _finish(self, order: EmulatedOrder, status: str) -> None:
        order.status = status
        order.update_time = now_ms()
        self._publish_order(order, status)

    def _publish_order(
        self, order: EmulatedOrder, execution: str, trade: EmulatedTrade | None = None
    ) -> None:
        self._user(order_trade_update(order, execution, trade))

    def _user(self, event: dict[str, Any]) -> None:
        for listener in list(self.user_listeners):
            listener(event)

    def _market(self, stream: str, data: dict[str, Any]) -> None:
        for listener in list(self.market_listeners):
            listener(stream, data)


def _decimal(params: dict[str, str], name: str) -> Decimal:
    try:
        value = Decimal(params[name])
    except (KeyError, ArithmeticError):
        raise errors.bad_parameter(name) from None
    if not value.is_finite() or value <= 0:
        raise errors.bad_parameter(name)
    return value
