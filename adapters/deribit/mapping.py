"""Domain orders to Deribit request params; Deribit order/trade/position/book JSON back."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from adapters.deribit.codec import to_decimal
from adapters.venue_symbols import from_deribit_name, to_deribit_name
from domain.book import BookLevel, OrderBook
from domain.enums import LiquiditySide, OrderSide, OrderStatus, OrderType, TimeInForce
from domain.fill import Fill
from domain.ids import ClientOrderId, FillId, OperationId, VenueOrderId, VenueTradeId
from domain.instrument_key import InstrumentKey
from domain.order import Order
from domain.venue_state import SubmitAck, VenueOrderState, VenuePosition

TIME_IN_FORCE: dict[TimeInForce, str] = {
    TimeInForce.GTC: "good_til_cancelled",
    TimeInForce.IOC: "immediate_or_cancel",
    TimeInForce.FOK: "fill_or_kill",
    TimeInForce.DAY: "good_til_day",
}
TERMINAL_STATES = frozenset({"filled", "rejected", "cancelled", "archive"})
NS_PER_MS = 1_000_000


@attrs.frozen(kw_only=True)
class OrderRef:
    """What we know of an order we sent: its ids and the key the application uses."""

    client_order_id: ClientOrderId
    operation_id: OperationId
    instrument_key: str


def deribit_name(instrument_key: str) -> str:
    return to_deribit_name(InstrumentKey.parse(instrument_key))


def canonical_key(instrument_name: str) -> str:
    return str(from_deribit_name(instrument_name))


def currency_of(instrument_name: str) -> str:
    """`BTC-PERPETUAL` -> BTC; `BTC_USDC-PERPETUAL` -> USDC (the settlement currency)."""
    root = instrument_name.split("-", 1)[0]
    base, sep, quote = root.partition("_")
    return quote if sep else base


def ref_of(order: Order) -> OrderRef:
    return OrderRef(
        client_order_id=order.client_order_id,
        operation_id=order.operation_id,
        instrument_key=order.instrument_key,
    )


def order_request(order: Order) -> tuple[str, dict[str, Any]]:
    """`private/buy` or `private/sell` and its params; our client order id is the label."""
    method = "private/buy" if order.side is OrderSide.BUY else "private/sell"
    params: dict[str, Any] = {
        "instrument_name": deribit_name(order.listing),
        "amount": order.quantity,
        "type": "limit" if order.order_type is OrderType.LIMIT else "market",
        "label": order.client_order_id,
        "time_in_force": TIME_IN_FORCE[order.time_in_force],
    }
    if order.order_type is OrderType.LIMIT:
        params["price"] = order.price
    return method, params


def ack_of(order: dict[str, Any], fills: tuple[Fill, ...]) -> SubmitAck:
    """Deribit's answer to buy/sell/edit as the port's submit ack."""
    return SubmitAck(
        venue_order_id=VenueOrderId(str(order["order_id"])),
        status=order_status(order),
        fills=fills,
    )


def order_status(data: dict[str, Any]) -> OrderStatus:
    state = data.get("order_state")
    filled = to_decimal(data.get("filled_amount", 0))
    if state == "filled":
        return OrderStatus.FILLED
    if state in ("cancelled", "archive"):
        return OrderStatus.CANCELED
    if state == "rejected":
        return OrderStatus.REJECTED
    return OrderStatus.PARTIALLY_FILLED if filled > 0 else OrderStatus.ACCEPTED


def filled_of(data: dict[str, Any]) -> Decimal:
    return to_decimal(data.get("filled_amount", 0))


def client_order_id_of(data: dict[str, Any]) -> ClientOrderId:
    return ClientOrderId(data.get("label") or f"deribit-{data['order_id']}")


def order_state(venue: str, data: dict[str, Any]) -> VenueOrderState:
    filled = to_decimal(data.get("filled_amount", 0))
    return VenueOrderState(
        venue=venue,
        client_order_id=client_order_id_of(data),
        venue_order_id=VenueOrderId(str(data["order_id"])),
        instrument_key=canonical_key(data["instrument_name"]),
        side=OrderSide.BUY if data.get("direction") == "buy" else OrderSide.SELL,
        order_type=OrderType.LIMIT if data.get("order_type") == "limit" else OrderType.MARKET,
        quantity=to_decimal(data["amount"]),
        filled_quantity=filled,
        status=order_status(data),
        price=_price(data.get("price")),
        avg_fill_price=_price(data.get("average_price")) if filled else None,
    )


def fill_of(venue: str, trade: dict[str, Any], ref: OrderRef | None) -> Fill:
    trade_id = str(trade["trade_id"])
    return Fill(
        fill_id=FillId(f"{venue}-{trade_id}"),
        operation_id=ref.operation_id if ref else OperationId(str(trade.get("label") or "")),
        venue=venue,
        venue_trade_id=VenueTradeId(trade_id),
        instrument_key=ref.instrument_key if ref else canonical_key(trade["instrument_name"]),
        side=OrderSide.BUY if trade.get("direction") == "buy" else OrderSide.SELL,
        quantity=to_decimal(trade["amount"]),
        price=to_decimal(trade["price"]),
        fee=to_decimal(trade.get("fee", 0)),
        fee_currency=str(trade.get("fee_currency", "")),
        ts_event=int(trade.get("timestamp", 0)) * NS_PER_MS,
        liquidity=LiquiditySide.MAKER if trade.get("liquidity") == "M" else LiquiditySide.TAKER,
    )


def position_of(venue: str, data: dict[str, Any]) -> VenuePosition:
    size = to_decimal(data.get("size", 0))
    if data.get("direction") == "sell" and size > 0:
        size = -size
    return VenuePosition(
        venue=venue,
        instrument_key=canonical_key(data["instrument_name"]),
        quantity=size,
        avg_entry_price=to_decimal(data.get("average_price", 0)),
    )


def book_of(instrument_key: str, data: dict[str, Any]) -> OrderBook:
    """A `book.{name}.none.{depth}.{interval}` snapshot."""

    def levels(rows: list[list[Any]]) -> tuple[BookLevel, ...]:
        return tuple(BookLevel(price=to_decimal(p), size=to_decimal(a)) for p, a, *_ in rows)

    return OrderBook(
        instrument_key=instrument_key,
        bids=levels(data.get("bids", [])),
        asks=levels(data.get("asks", [])),
        ts_event=int(data.get("timestamp", 0)) * NS_PER_MS,
    )


def _price(value: Any) -> Decimal | None:
    # Market orders carry the string "market_price" instead of a number.
    if value is None or (isinstance(value, str) and not value[:1].isdigit()):
        return None
    try:
        return to_decimal(value)
    except InvalidOperation:
        return None
