"""The Deribit adapter's outgoing event stream, kept free of gaps and duplicates."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

from adapters.deribit.codec import to_decimal
from adapters.deribit.mapping import OrderRef, client_order_id_of, fill_of, ref_of
from domain.ids import ClientOrderId, VenueOrderId
from domain.order import Order
from domain.venue_events import (
    OrderAccepted,
    OrderCanceled,
    OrderFilled,
    OrderRejected,
    VenueEvent,
)

NS_PER_MS = 1_000_000
OPEN_STATES = frozenset({"open", "untriggered"})


class EventJournal:
    """Turns Deribit order and trade JSON (from notifications, answers or gap recovery) into
    venue events: each trade once (by trade id), each order's acceptance and end once, and
    an order's end held back until the stream has carried all of its fills."""

    def __init__(self, venue: str) -> None:
        self._venue = venue
        self._queue: asyncio.Queue[VenueEvent] = asyncio.Queue()
        self._refs: dict[ClientOrderId, OrderRef] = {}
        self._client_ids: dict[str, ClientOrderId] = {}  # venue order id -> client order id
        self._order_ids: dict[ClientOrderId, str] = {}
        self._trades: set[str] = set()
        self._filled: dict[str, Decimal] = defaultdict(Decimal)
        self._accepted: set[str] = set()
        self._closed: set[str] = set()
        self._held: dict[str, tuple[Decimal, VenueEvent]] = {}
        self.open_orders: dict[str, str] = {}  # venue order id -> instrument name
        self.emitted = 0

    def remember(self, order: Order) -> None:
        self._refs[order.client_order_id] = ref_of(order)

    def ref(self, client_order_id: ClientOrderId) -> OrderRef | None:
        return self._refs.get(client_order_id)

    def venue_order_id(self, client_order_id: ClientOrderId) -> str | None:
        return self._order_ids.get(client_order_id)

    def fill_event(self, trade: dict[str, Any]) -> OrderFilled:
        order_id = str(trade["order_id"])
        cid = ClientOrderId(trade.get("label") or self._client_ids.get(order_id) or "")
        if not cid:
            cid = client_order_id_of(trade)
        return OrderFilled(
            venue=self._venue,
            client_order_id=cid,
            fill=fill_of(self._venue, trade, self._refs.get(cid)),
            venue_order_id=VenueOrderId(order_id),
        )

    def trade(self, trade: dict[str, Any]) -> None:
        trade_id = str(trade["trade_id"])
        if trade_id in self._trades:
            return
        self._trades.add(trade_id)
        order_id = str(trade["order_id"])
        self._filled[order_id] += to_decimal(trade["amount"])
        self._emit(self.fill_event(trade))
        held = self._held.get(order_id)
        if held is not None and self._filled[order_id] >= held[0]:
            del self._held[order_id]
            self._emit(held[1])

    def order(self, data: dict[str, Any]) -> None:
        order_id, state = str(data["order_id"]), data.get("order_state")
        cid = client_order_id_of(data)
        self._client_ids[order_id], self._order_ids[cid] = cid, order_id
        ts = int(data.get("last_update_timestamp", 0)) * NS_PER_MS
        if state in OPEN_STATES:
            if order_id in self._closed:
                return  # an older snapshot (answers and notifications share no order)
            self.open_orders[order_id] = str(data["instrument_name"])
            if order_id not in self._accepted:
                self._accepted.add(order_id)
                self._emit(
                    OrderAccepted(
                        venue=self._venue,
                        client_order_id=cid,
                        venue_order_id=VenueOrderId(order_id),
                        ts_event=ts,
                    )
                )
            return
        self.open_orders.pop(order_id, None)
        if order_id in self._closed:
            return
        self._closed.add(order_id)
        end = self._end_event(cid, data, ts)
        if end is None:
            return
        filled = to_decimal(data.get("filled_amount", 0))
        if self._filled[order_id] < filled:
            self._held[order_id] = (filled, end)
        else:
            self._emit(end)

    def lacks_fills(self, data: dict[str, Any]) -> bool:
        """Deribit's order JSON says more was filled than the trades seen so far carry."""
        return to_decimal(data.get("filled_amount", 0)) > self._filled[str(data["order_id"])]

    def held_orders(self) -> list[str]:
        """Ended orders whose fills the stream has not carried yet."""
        return list(self._held)

    async def events(self) -> AsyncIterator[VenueEvent]:
        while True:
            yield await self._queue.get()

    def _end_event(self, cid: ClientOrderId, data: dict[str, Any], ts: int) -> VenueEvent | None:
        state = data.get("order_state")
        if state in ("cancelled", "archive"):
            return OrderCanceled(venue=self._venue, client_order_id=cid, ts_event=ts)
        if state == "rejected":
            reason = data.get("reject_reason") or data.get("cancel_reason") or "rejected by Deribit"
            return OrderRejected(
                venue=self._venue, client_order_id=cid, reason=str(reason), ts_event=ts
            )
        return None  # filled: its fills say so

    def _emit(self, event: VenueEvent) -> None:
        self.emitted += 1
        self._queue.put_nowait(event)
