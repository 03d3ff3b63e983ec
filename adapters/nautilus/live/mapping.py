"""NautilusTrader orders, fills, positions and quotes as domain values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
from nautilus_trader.model.enums import LiquiditySide as NautilusLiquidity
from nautilus_trader.model.enums import OrderSide as NautilusSide
from nautilus_trader.model.enums import OrderStatus as NautilusStatus
from nautilus_trader.model.enums import OrderType as NautilusOrderType
from nautilus_trader.model.enums import PositionSide
from nautilus_trader.model.events import OrderAccepted as NAccepted
from nautilus_trader.model.events import OrderCanceled as NCanceled
from nautilus_trader.model.events import OrderDenied as NDenied
from nautilus_trader.model.events import OrderExpired as NExpired
from nautilus_trader.model.events import OrderFilled as NFilled
from nautilus_trader.model.events import OrderRejected as NRejected

from domain.book import BookLevel, OrderBook
from domain.enums import LiquiditySide, OrderSide, OrderStatus, OrderType
from domain.fill import Fill
from domain.ids import ClientOrderId, FillId, OperationId, VenueOrderId, VenueTradeId
from domain.venue_events import (
    OrderAccepted,
    OrderCanceled,
    OrderExpired,
    OrderFilled,
    OrderRejected,
    VenueEvent,
)
from domain.venue_state import VenueOrderState, VenuePosition

_STATUS = {
    NautilusStatus.INITIALIZED: OrderStatus.SUBMITTED,
    NautilusStatus.SUBMITTED: OrderStatus.SUBMITTED,
    NautilusStatus.EMULATED: OrderStatus.SUBMITTED,
    NautilusStatus.RELEASED: OrderStatus.SUBMITTED,
    NautilusStatus.ACCEPTED: OrderStatus.ACCEPTED,
    NautilusStatus.TRIGGERED: OrderStatus.ACCEPTED,
    NautilusStatus.PENDING_UPDATE: OrderStatus.ACCEPTED,
    NautilusStatus.PENDING_CANCEL: OrderStatus.ACCEPTED,
    NautilusStatus.PARTIALLY_FILLED: OrderStatus.PARTIALLY_FILLED,
    NautilusStatus.FILLED: OrderStatus.FILLED,
    NautilusStatus.CANCELED: OrderStatus.CANCELED,
    NautilusStatus.EXPIRED: OrderStatus.EXPIRED,
    NautilusStatus.REJECTED: OrderStatus.REJECTED,
    NautilusStatus.DENIED: OrderStatus.REJECTED,
    NautilusStatus.VOIDED: OrderStatus.CANCELED,
}


@attrs.frozen(kw_only=True)
class OrderRef:
    """What we sent for one client order id: where, for which operation and instrument."""

    venue_id: str
    operation_id: OperationId
    instrument_key: str
    contract_size: Decimal = Decimal(1)  # our units per unit of the node's quantity


def side_of(side: NautilusSide) -> OrderSide:
    return OrderSide.BUY if side == NautilusSide.BUY else OrderSide.SELL


def decimal_of(value: float) -> Decimal:
    """A float NautilusTrader computed (average prices) as the shortest exact decimal."""
    return Decimal(repr(value))


def status_of(order: Any) -> OrderStatus:
    status = _STATUS[order.status]
    if status is OrderStatus.ACCEPTED and order.filled_qty.as_decimal() > 0:
        return OrderStatus.PARTIALLY_FILLED
    return status


def order_state(
    venue_id: str, instrument_key: str, order: Any, size: Decimal = Decimal(1)
) -> VenueOrderState:
    """`size`: our units per unit of the node's quantity (see `ContractSizes`)."""
    filled = order.filled_qty.as_decimal() * size
    price = getattr(order, "price", None) if order.has_price else None
    return VenueOrderState(
        venue=venue_id,
        client_order_id=ClientOrderId(order.client_order_id.value),
        venue_order_id=VenueOrderId(order.venue_order_id.value) if order.venue_order_id else None,
        instrument_key=instrument_key,
        side=side_of(order.side),
        order_type=OrderType.MARKET
        if order.order_type == NautilusOrderType.MARKET
        else OrderType.LIMIT,
        quantity=order.quantity.as_decimal() * size,
        filled_quantity=filled,
        status=status_of(order),
        price=price.as_decimal() if price is not None else None,
        avg_fill_price=decimal_of(order.avg_px) if filled else None,
    )


def family_state(
    venue_id: str, instrument_key: str, primary: Any, family: list[Any], size: Decimal = Decimal(1)
) -> VenueOrderState:
    """An order and the slices an execution algorithm spawned from it, as one order: the
    quantities add up to the original (the primary shrinks as slices spawn), every slice's
    fills count, and it is working while any part of it is."""
    state = order_state(venue_id, instrument_key, primary, size)
    if len(family) < 2:
        return state
    quantity = sum((o.quantity.as_decimal() for o in family), Decimal(0)) * size
    filled = sum((o.filled_qty.as_decimal() for o in family), Decimal(0)) * size
    notional = size * sum(
        (o.filled_qty.as_decimal() * decimal_of(o.avg_px) for o in family if o.avg_px),
        Decimal(0),
    )
    if any(not o.is_closed for o in family):
        status = OrderStatus.PARTIALLY_FILLED if filled else OrderStatus.ACCEPTED
    elif filled >= quantity:
        status = OrderStatus.FILLED
    else:
        status = state.status
    return attrs.evolve(
        state,
        quantity=quantity,
        filled_quantity=filled,
        status=status,
        avg_fill_price=notional / filled if filled else None,
    )


def fills_of(ref: OrderRef, orders: list[Any]) -> list[Fill]:
    """Every fill the node recorded on these orders, with the venue's trade ids."""
    return [fill_of(ref, e) for o in orders for e in o.events if isinstance(e, NFilled)]


def fill_of(ref: OrderRef, event: Any) -> Fill:
    """A NautilusTrader `OrderFilled` as our fill, attributed to the operation we sent."""
    trade_id = event.trade_id.value
    return Fill(
        fill_id=FillId(f"{ref.venue_id}-{trade_id}"),
        operation_id=ref.operation_id,
        venue=ref.venue_id,
        venue_trade_id=VenueTradeId(trade_id),
        instrument_key=ref.instrument_key,
        side=side_of(event.order_side),
        quantity=event.last_qty.as_decimal() * ref.contract_size,
        price=event.last_px.as_decimal(),
        fee=event.commission.as_decimal(),
        fee_currency=event.commission.currency.code,
        ts_event=event.ts_event,
        liquidity=(
            LiquiditySide.MAKER
            if event.liquidity_side == NautilusLiquidity.MAKER
            else LiquiditySide.TAKER
        ),
    )


def signed_quantity(position_event: Any, size: Decimal = Decimal(1)) -> Decimal:
    quantity = position_event.quantity.as_decimal() * size
    return -quantity if position_event.side == PositionSide.SHORT else quantity


def position_of(
    venue_id: str, instrument_key: str, lots: list[tuple[Decimal, Decimal]]
) -> VenuePosition:
    """One instrument's position from its (signed quantity, entry price) lots."""
    quantity = sum((q for q, _ in lots), Decimal(0))
    weight = sum((abs(q) for q, _ in lots), Decimal(0))
    entry = sum((abs(q) * p for q, p in lots), Decimal(0)) / weight if weight else Decimal(0)
    return VenuePosition(
        venue=venue_id, instrument_key=instrument_key, quantity=quantity, avg_entry_price=entry
    )


def book_of(instrument_key: str, quote: Any, size: Decimal = Decimal(1)) -> OrderBook:
    """A quote tick as a one-level book (sizes in our units)."""
    bid_size, ask_size = quote.bid_size.as_decimal() * size, quote.ask_size.as_decimal() * size
    return OrderBook(
        instrument_key=instrument_key,
        bids=(BookLevel(price=quote.bid_price.as_decimal(), size=bid_size),),
        asks=(BookLevel(price=quote.ask_price.as_decimal(), size=ask_size),),
        ts_event=quote.ts_event,
    )


def venue_event_of(ref: OrderRef, cid: str, event: Any) -> VenueEvent | None:
    """The domain event of a node order event, for our order `cid`; None for steps we do
    not track (initialized, submitted, pending cancel...). A node risk denial is a
    rejection."""
    venue, cid = ref.venue_id, ClientOrderId(cid)
    if isinstance(event, NFilled):
        return OrderFilled(
            venue=venue,
            client_order_id=cid,
            fill=fill_of(ref, event),
            venue_order_id=VenueOrderId(event.venue_order_id.value),
        )
    if isinstance(event, NAccepted):
        venue_order_id = VenueOrderId(event.venue_order_id.value)
        return OrderAccepted(
            venue=venue, client_order_id=cid, venue_order_id=venue_order_id, ts_event=event.ts_event
        )
    if isinstance(event, NRejected | NDenied):
        return OrderRejected(venue=venue, client_order_id=cid, reason=event.reason)
    if isinstance(event, NCanceled):
        return OrderCanceled(venue=venue, client_order_id=cid, ts_event=event.ts_event)
    if isinstance(event, NExpired):
        return OrderExpired(venue=venue, client_order_id=cid, ts_event=event.ts_event)
    return None
