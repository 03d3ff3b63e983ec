"""The emulated Bybit unified account: the Binance emulator's matching, Bybit's words."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from tests.venues.binance_futures import errors as binance_errors
from tests.venues.binance_futures.exchange import BinanceFuturesExchange, now_ms
from tests.venues.binance_futures.orders import ZERO, EmulatedOrder, EmulatedTrade, SymbolSpec
from tests.venues.bybit_linear import errors, views

# (topic, rows): the private topics `order`, `execution`, `position`, `wallet`.
PrivateListener = Callable[[str, list[dict[str, Any]]], None]
# (topic, message type, data): `tickers.<symbol>`, `orderbook.1.<symbol>`, `publicTrade...`.
PublicListener = Callable[[str, str, Any], None]


class BybitLinearExchange(BinanceFuturesExchange):
    """Orders match as at the Binance emulator (top of the recorded book; a market order's
    unfilled remainder is canceled, as Bybit cancels an IOC remainder); what the account
    and the market say is published as Bybit v5 topics."""

    def __init__(self, symbols: list[SymbolSpec], **kwargs: Any) -> None:
        kwargs.setdefault("taker_fee", Decimal("0.00055"))
        kwargs.setdefault("maker_fee", Decimal("0.0002"))
        super().__init__(symbols, **kwargs)
        self.private_listeners: list[PrivateListener] = []
        self.public_listeners: list[PublicListener] = []

    # -- orders in Bybit's words ----------------------------------------------------------
    def create(self, params: dict[str, Any]) -> EmulatedOrder:
        """`/v5/order/create` (REST) or `order.create` (trade stream) arguments."""
        if params.get("category") != "linear":
            raise errors.bad_parameter("category")
        side = {"Buy": "BUY", "Sell": "SELL"}.get(params.get("side", ""))
        kind = {"Market": "MARKET", "Limit": "LIMIT"}.get(params.get("orderType", ""))
        if side is None:
            raise errors.bad_parameter("side")
        if kind is None:
            raise errors.bad_parameter("orderType")
        tif = str(params.get("timeInForce") or "GTC")
        binance = {
            "symbol": str(params.get("symbol", "")), "side": side, "type": kind,
            "quantity": str(params.get("qty", "")),
            "timeInForce": "GTX" if tif == "PostOnly" else tif,
            "newClientOrderId": str(params.get("orderLinkId") or uuid.uuid4().hex),
            "reduceOnly": str(bool(params.get("reduceOnly", False))).lower(),
        }  # fmt: skip
        if kind == "LIMIT":
            binance["price"] = str(params.get("price", ""))
        try:
            return self.place(binance)
        except binance_errors.BinanceApiError as refused:
            raise errors.from_binance(refused) from None

    def named(self, params: dict[str, Any]) -> EmulatedOrder:
        """The order named by `orderId` or `orderLinkId` (110001 when none)."""
        wanted_id, wanted_link = params.get("orderId"), params.get("orderLinkId")
        for placed in self.orders.values():
            if (wanted_id and views.order_id(placed) == wanted_id) or (
                wanted_link and placed.client_order_id == wanted_link
            ):
                return placed
        raise errors.order_not_exists()

    def cancel_named(self, params: dict[str, Any]) -> EmulatedOrder:
        placed = self.named(params)
        if not placed.is_open:
            raise errors.order_not_exists()
        self._finish(placed, "CANCELED")
        return placed

    def fee(self, placed: EmulatedOrder) -> Decimal:
        return sum((t.commission for t in self.trades if t.order_id == placed.order_id), ZERO)

    def fee_rate(self, maker: bool) -> Decimal:
        return self.fees[maker]

    # -- publishing -----------------------------------------------------------------------
    def _publish_order(
        self, order: EmulatedOrder, execution: str, trade: EmulatedTrade | None = None
    ) -> None:
        if trade is not None:
            row = views.execution(trade, order, self.fees[trade.maker])
            self._private("execution", [row])
        self._private("order", [views.order(order, self.fee(order))])
        if trade is not None:
            stamp = now_ms()
            self._private("position", [views.position(self, order.symbol, stamp)])
            self._private("wallet", [views.wallet(self)])

    def _user(self, event: dict[str, Any]) -> None:
        return  # Binance's ACCOUNT_UPDATE: Bybit says it with `position` and `wallet`

    def _private(self, topic: str, rows: list[dict[str, Any]]) -> None:
        for listener in list(self.private_listeners):
            listener(topic, rows)

    def _market(self, stream: str, data: dict[str, Any]) -> None:
        symbol = data["s"]
        spec = self.symbols[symbol]
        if stream.endswith("@bookTicker"):
            quote = self.quotes[symbol]
            self._public(f"tickers.{symbol}", "snapshot", views.ticker(spec, quote))
            book = {
                "s": symbol, "b": [[data["b"], data["B"]]], "a": [[data["a"], data["A"]]],
                "u": data["u"], "seq": data["u"],
            }  # fmt: skip
            self._public(f"orderbook.1.{symbol}", "snapshot", book)
        elif stream.endswith("@trade"):
            trade = {
                "T": data["T"], "s": symbol, "S": "Sell" if data["m"] else "Buy",
                "v": data["q"], "p": data["p"], "L": "ZeroPlusTick",
                "i": str(uuid.UUID(int=data["t"])), "BT": False, "RPI": False,
            }  # fmt: skip
            self._public(f"publicTrade.{symbol}", "snapshot", [trade])

    def _public(self, topic: str, kind: str, data: Any) -> None:
        for listener in list(self.public_listeners):
            listener(topic, kind, data)
