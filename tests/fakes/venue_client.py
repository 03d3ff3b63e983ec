"""ExecutionVenue adapter for the venue process (tests.fakes.venue_process) over loopback."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import AsyncIterator
from typing import Any

from domain.errors import VenueError, VenueNotReached
from domain.fill import Fill
from domain.ids import ClientOrderId
from domain.order import Order
from domain.venue import Venue
from domain.venue_events import (
    OrderAccepted,
    OrderCanceled,
    OrderExpired,
    OrderFilled,
    OrderRejected,
    VenueEvent,
)
from domain.venue_state import SubmitAck, VenueOrderState, VenuePosition
from tests.fakes.venue_process import converter, order_message

EVENTS: dict[str, type[Any]] = {
    kind.__name__: kind
    for kind in (OrderAccepted, OrderRejected, OrderFilled, OrderCanceled, OrderExpired)
}


class VenueProcessClient:
    """Requests are pipelined on one connection and answered in order; events are queued.
    A lost connection fails the calls in flight with a retryable VenueError."""

    def __init__(self, venue: Venue, port: int, *, timeout_seconds: float = 10.0) -> None:
        self._venue, self._port, self._timeout = venue, port, timeout_seconds
        self._writer: asyncio.StreamWriter | None = None
        self._reader_task: asyncio.Task[None] | None = None
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._ids = itertools.count(1)
        self._events: asyncio.Queue[VenueEvent] = asyncio.Queue()

    @property
    def venue(self) -> Venue:
        return self._venue

    @property
    def state_survives_restart(self) -> bool:
        return True  # the venue process outlives the service

    @property
    def connected(self) -> bool:
        return self._writer is not None and not self._writer.is_closing()

    async def connect(self) -> None:
        try:
            reader, self._writer = await asyncio.open_connection("127.0.0.1", self._port)
        except OSError as error:
            raise VenueNotReached(self._venue.venue_id, "CONNECT", str(error)) from None
        self._reader_task = asyncio.create_task(self._read(reader))

    async def disconnect(self) -> None:
        if self._writer is not None:
            self._writer.close()
        if self._reader_task is not None:
            self._reader_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader_task
        self._writer = None

    async def _read(self, reader: asyncio.StreamReader) -> None:
        try:
            while line := await reader.readline():
                message = json.loads(line)
                if "event" in message:
                    body = dict(message["event"])
                    kind = EVENTS[body.pop("type")]
                    self._events.put_nowait(converter.structure(body, kind))
                    continue
                future = self._pending.pop(message["id"], None)
                if future is not None and not future.done():
                    future.set_result(message)
        finally:
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(self._error("DISCONNECTED", "venue connection lost"))
            self._pending.clear()

    def _error(self, code: str, message: str, retryable: bool = True) -> VenueError:
        return VenueError(self._venue.venue_id, code, message, retryable=retryable)

    async def _call(self, op: str, **arguments: Any) -> Any:
        if not self.connected or self._writer is None:
            raise VenueNotReached(self._venue.venue_id, "DISCONNECTED", "not connected")
        request_id = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = future
        self._writer.write(json.dumps({"id": request_id, "op": op, **arguments}).encode() + b"\n")
        try:
            reply = await asyncio.wait_for(future, self._timeout)
        except TimeoutError:  # it may have been done: the caller asks before trying again
            self._pending.pop(request_id, None)
            raise self._error("TIMEOUT", f"no answer to {op} in {self._timeout}s") from None
        if "error" in reply:
            error = reply["error"]
            raise VenueError(
                error["venue"], error["code"], error["message"], retryable=error["retryable"]
            )
        return reply["result"]

    async def submit(self, order: Order) -> SubmitAck:
        return converter.structure(
            await self._call("submit", order=order_message(order)), SubmitAck
        )

    async def cancel(self, order: Order) -> None:
        await self._call("cancel", order=order_message(order))

    async def open_orders(self) -> list[VenueOrderState]:
        return converter.structure(await self._call("open_orders"), list[VenueOrderState])

    async def positions(self) -> list[VenuePosition]:
        return converter.structure(await self._call("positions"), list[VenuePosition])

    async def order_status(self, client_order_id: ClientOrderId) -> VenueOrderState | None:
        state = await self._call("order_status", client_order_id=client_order_id)
        return None if state is None else converter.structure(state, VenueOrderState)

    async def order_trades(self, client_order_id: ClientOrderId) -> list[Fill]:
        trades = await self._call("order_trades", client_order_id=client_order_id)
        return converter.structure(trades, list[Fill])

    async def trade_against(self, price: str, quantity: str) -> int:
        """Another participant trades at `price` against our resting orders (test hook)."""
        return int(await self._call("trade_against", price=price, quantity=quantity))

    async def trade_ids(self) -> list[str]:
        """Every trade id the venue ever made for us (a test's view)."""
        return list(await self._call("trade_ids"))

    async def submitted(self) -> list[str]:
        """Every client order id the venue ever received (a test's view, not the port's)."""
        return list(await self._call("submitted"))

    async def events(self) -> AsyncIterator[VenueEvent]:
        while True:
            yield await self._events.get()
