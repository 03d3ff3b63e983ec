"""Orders, trades and positions of the emulated USD-M account, as Binance reports them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

ZERO = Decimal(0)


def text(value: Decimal) -> str:
    """A decimal as Binance writes it (plain, no exponent)."""
    return format(value.normalize(), "f") if value else "0"


@attrs.define
class SymbolSpec:
    """One listed contract: its filters and precisions."""

    symbol: str
    base: str
    quote: str
    tick_size: Decimal
    step_size: Decimal
    min_qty: Decimal
    max_qty: Decimal = Decimal(1000)
    min_notional: Decimal = Decimal(5)

    @property
    def price_precision(self) -> int:
        return max(0, -self.tick_size.normalize().as_tuple().exponent)  # type: ignore[operator]

    @property
    def quantity_precision(self) -> int:
        return max(0, -self.step_size.normalize().as_tuple().exponent)  # type: ignore[operator]

    def price_text(self, value: Decimal) -> str:
        """A price as Binance streams it: always at the symbol's precision ("9672.10")."""
        return f"{value:.{self.price_precision}f}"

    def quantity_text(self, value: Decimal) -> str:
        return f"{value:.{self.quantity_precision}f}"


@attrs.define
class EmulatedOrder:
    """An order at the emulated exchange."""

    order_id: int
    client_order_id: str
    symbol: str
    side: str
    type: str
    time_in_force: str
    quantity: Decimal
    price: Decimal | None
    time: int
    reduce_only: bool = False
    filled: Decimal = ZERO
    cum_quote: Decimal = ZERO
    status: str = "NEW"
    update_time: int = 0

    @property
    def leaves(self) -> Decimal:
        return self.quantity - self.filled

    @property
    def is_open(self) -> bool:
        return self.status in ("NEW", "PARTIALLY_FILLED")

    @property
    def avg_price(self) -> Decimal:
        return self.cum_quote / self.filled if self.filled else ZERO

    def as_rest(self) -> dict[str, Any]:
        """GET/POST/DELETE /fapi/v1/order answer."""
        return {
            "orderId": self.order_id,
            "symbol": self.symbol,
            "status": self.status,
            "clientOrderId": self.client_order_id,
            "price": text(self.price or ZERO),
            "avgPrice": text(self.avg_price),
            "origQty": text(self.quantity),
            "executedQty": text(self.filled),
            "cumQuote": text(self.cum_quote),
            "timeInForce": self.time_in_force,
            "type": self.type,
            "origType": self.type,
            "reduceOnly": self.reduce_only,
            "closePosition": False,
            "side": self.side,
            "positionSide": "BOTH",
            "stopPrice": "0",
            "workingType": "CONTRACT_PRICE",
            "priceProtect": False,
            "priceMatch": "NONE",
            "selfTradePreventionMode": "NONE",
            "goodTillDate": 0,
            "time": self.time,
            "updateTime": self.update_time or self.time,
        }


@attrs.define
class EmulatedTrade:
    """One execution of an order (a fill)."""

    trade_id: int
    order_id: int
    symbol: str
    side: str
    price: Decimal
    quantity: Decimal
    commission: Decimal
    commission_asset: str
    maker: bool
    time: int
    realized_pnl: Decimal = ZERO

    def as_rest(self) -> dict[str, Any]:
        """GET /fapi/v1/userTrades row."""
        return {
            "buyer": self.side == "BUY",
            "commission": text(self.commission),
            "commissionAsset": self.commission_asset,
            "id": self.trade_id,
            "maker": self.maker,
            "orderId": self.order_id,
            "price": text(self.price),
            "qty": text(self.quantity),
            "quoteQty": text(self.price * self.quantity),
            "realizedPnl": text(self.realized_pnl),
            "side": self.side,
            "positionSide": "BOTH",
            "symbol": self.symbol,
            "time": self.time,
        }


@attrs.define
class EmulatedPosition:
    """A one-way (BOTH) position: signed amount and entry price."""

    symbol: str
    amount: Decimal = ZERO
    entry: Decimal = ZERO

    def apply(self, side: str, quantity: Decimal, price: Decimal) -> Decimal:
        """Add a fill; returns the realized PnL of the part that reduced the position."""
        signed = quantity if side == "BUY" else -quantity
        if self.amount == 0 or (self.amount > 0) == (signed > 0):
            total = self.amount + signed
            self.entry = (self.entry * abs(self.amount) + price * quantity) / abs(total)
            self.amount = total
            return ZERO
        closing = min(abs(signed), abs(self.amount))
        direction = 1 if self.amount > 0 else -1
        realized = (price - self.entry) * closing * direction
        self.amount += signed
        if self.amount == 0:
            self.entry = ZERO
        elif (self.amount > 0) != (direction > 0):
            self.entry = price  # flipped: the rest opened at this price
        return realized
