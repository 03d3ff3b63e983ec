"""The emulated OKX trading account: the Binance emulator's matching, OKX's words and units."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from tests.venues.binance_futures import errors as binance_errors
from tests.venues.binance_futures.exchange import BinanceFuturesExchange, now_ms
from tests.venues.binance_futures.orders import ZERO, EmulatedOrder, EmulatedTrade, text
from tests.venues.okx_swap import errors, views
from tests.venues.okx_swap.listing import SwapContract

# (channel, rows): the private channels `orders`, `fills`, `positions`, `account`.
PrivateListener = Callable[[str, list[dict[str, Any]]], None]
# (channel, instId, rows): `bbo-tbt`, `books5`, `tickers`, `trades`.
PublicListener = Callable[[str, str, list[dict[str, Any]]], None]
ORDER_TYPES = {
    "market": ("MARKET", "GTC"), "limit": ("LIMIT", "GTC"), "post_only": ("LIMIT", "GTX"),
    "ioc": ("LIMIT", "IOC"), "fok": ("LIMIT", "FOK"),
}  # fmt: skip


class OkxSwapExchange(BinanceFuturesExchange):
    """Orders match as at the Binance emulator (top of the recorded book, re-quoted on the
    swap's tick; a market order's unfilled part is canceled). OKX counts `sz` in contracts:
    the engine counts the base coin, so sizes are converted at this edge."""

    def __init__(self, contracts: list[SwapContract], **kwargs: Any) -> None:
        kwargs.setdefault("taker_fee", Decimal("0.0005"))
        kwargs.setdefault("maker_fee", Decimal("0.0002"))
        super().__init__([c.spec for c in contracts], **kwargs)
        self.swaps = {c.spec.symbol: c for c in contracts}
        self.trade_modes: dict[int, str] = {}  # tdMode of each order
        self.private_listeners: list[PrivateListener] = []
        self.public_listeners: list[PublicListener] = []
        self._next_mode = "isolated"
        self._seq = itertools.count(1)

    def contract(self, symbol: str) -> SwapContract:
        return self.swaps[symbol]

    def listed(self, args: dict[str, Any]) -> SwapContract:
        """The swap named by `instId` (or the `instIdCode` OKX also accepts); 51001 else."""
        for contract in self.swaps.values():
            if args.get("instId") == contract.inst_id or str(args.get("instIdCode")) == str(
                contract.inst_id_code
            ):
                return contract
        raise errors.instrument_unknown()

    # -- orders in OKX's words ------------------------------------------------------------
    def create(self, args: dict[str, Any]) -> EmulatedOrder:
        """The arguments of `op: order` (private stream) or `POST /api/v5/trade/order`."""
        contract = self.listed(args)
        mode = args.get("tdMode")
        if mode not in ("isolated", "cross"):
            raise errors.parameter_error("tdMode")
        side = {"buy": "BUY", "sell": "SELL"}.get(str(args.get("side")))
        if side is None:
            raise errors.parameter_error("side")
        kind = ORDER_TYPES.get(str(args.get("ordType")))
        if kind is None:
            raise errors.parameter_error("ordType")
        client_id = str(args.get("clOrdId") or "")
        if client_id and not (client_id.isascii() and client_id.isalnum() and len(client_id) <= 32):
            raise errors.parameter_error("clOrdId")  # letters and digits, at most 32
        size = _positive(args, "sz")
        if size % contract.lot_sz:
            raise errors.lot_size()
        binance = {
            "symbol": contract.spec.symbol, "side": side, "type": kind[0],
            "quantity": text(contract.base(size)), "timeInForce": kind[1],
            "newClientOrderId": client_id or uuid.uuid4().hex,
            "reduceOnly": str(args.get("reduceOnly") in (True, "true")).lower(),
        }  # fmt: skip
        if kind[0] == "LIMIT":
            binance["price"] = text(_positive(args, "px"))
        self._next_mode = str(mode)
        try:
            return self.place(binance)
        except binance_errors.BinanceApiError as refused:
            raise errors.from_binance(refused) from None

    def named(self, args: dict[str, Any]) -> EmulatedOrder:
        """The order named by `ordId` or `clOrdId` (51603 when none)."""
        wanted_id, wanted_client = args.get("ordId"), args.get("clOrdId")
        for placed in self.orders.values():
            if (wanted_id and views.order_id(placed) == str(wanted_id)) or (
                wanted_client and placed.client_order_id == wanted_client
            ):
                return placed
        raise errors.order_does_not_exist()

    def cancel_named(self, args: dict[str, Any]) -> EmulatedOrder:
        try:
            placed = self.named(args)
        except errors.OkxApiError:
            raise errors.cancel_failed() from None
        if not placed.is_open:
            raise errors.cancel_failed()
        self._finish(placed, "CANCELED")
        return placed

    def amend(self, args: dict[str, Any]) -> EmulatedOrder:
        """`amend-order`: a new price (`newPx`) and/or size (`newSz`, contracts)."""
        try:
            placed = self.named(args)
        except errors.OkxApiError:
            raise errors.amend_failed() from None
        if not placed.is_open:
            raise errors.amend_failed()
        contract = self.contract(placed.symbol)
        if args.get("newSz"):
            quantity = contract.base(_positive(args, "newSz"))
            if quantity <= placed.filled:
                raise errors.parameter_error("newSz")
            placed.quantity = quantity
        if args.get("newPx") and placed.price is not None:
            placed.price = _positive(args, "newPx")
        placed.update_time = now_ms()
        self._publish_order(placed, "AMENDED")
        self._match(placed, taker=True)
        return placed

    def fee(self, placed: EmulatedOrder) -> Decimal:
        return sum((t.commission for t in self.trades if t.order_id == placed.order_id), ZERO)

    # -- the market, on the swap's tick ---------------------------------------------------
    def on_quote(
        self, symbol: str, bid: Decimal, bid_qty: Decimal, ask: Decimal, ask_qty: Decimal
    ) -> None:
        contract = self.swaps[symbol]
        super().on_quote(symbol, contract.bid(bid), bid_qty, contract.ask(ask), ask_qty)

    def on_trade(
        self, symbol: str, price: Decimal, quantity: Decimal, buyer_maker: bool, trade_id: int
    ) -> None:
        price = self.swaps[symbol].trade(price)
        super().on_trade(symbol, price, quantity, buyer_maker, trade_id)

    # -- publishing -----------------------------------------------------------------------
    def _publish_order(
        self, order: EmulatedOrder, execution: str, trade: EmulatedTrade | None = None
    ) -> None:
        self.trade_modes.setdefault(order.order_id, self._next_mode)
        row = views.order(self, order, trade)
        self._private("orders", [row])
        if trade is not None:
            contract = self.contract(order.symbol)
            fill = {key: row[key] for key in ("instId", "fillSz", "fillPx", "side", "ordId",
                                              "clOrdId", "tradeId", "execType")}  # fmt: skip
            self._private("fills", [fill | {"ts": str(trade.time), "count": "1"}])
            stamp = now_ms()
            self._private("positions", [views.position(self, contract, stamp)])
            self._private("account", [views.balance(self, stamp)])

    def _user(self, event: dict[str, Any]) -> None:
        return  # Binance's ACCOUNT_UPDATE: OKX says it on `positions` and `account`

    def _private(self, channel: str, rows: list[dict[str, Any]]) -> None:
        for listener in list(self.private_listeners):
            listener(channel, rows)

    def _market(self, stream: str, data: dict[str, Any]) -> None:
        contract = self.swaps[data["s"]]
        stamp = now_ms()
        if stream.endswith("@bookTicker"):
            quote = self.quotes[contract.spec.symbol]
            top = views.bbo(contract, quote, stamp, next(self._seq))
            self._public("bbo-tbt", contract.inst_id, [top])
            self._public("books5", contract.inst_id, [top | {"instId": contract.inst_id}])
            self._public("tickers", contract.inst_id, [views.ticker(contract, quote, stamp)])
        elif stream.endswith("@trade"):
            trade = views.public_trade(contract, data, Decimal(data["p"]))
            self._public("trades", contract.inst_id, [trade])

    def _public(self, channel: str, inst_id: str, rows: list[dict[str, Any]]) -> None:
        for listener in list(self.public_listeners):
            listener(channel, inst_id, rows)


def _positive(args: dict[str, Any], name: str) -> Decimal:
    try:
        value = Decimal(str(args.get(name, "")))
    except InvalidOperation:
        raise errors.parameter_error(name) from None
    if not value.is_finite() or value <= 0:
        raise errors.parameter_error(name)
    return value
