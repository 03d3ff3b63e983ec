"""A simulated venue in its own process (so it outlives a killed service): SimulatedVenue
behind newline-delimited JSON on loopback TCP. `python -m tests.fakes.venue_process --port 0`
prints `READY <port>` once it listens; requests `{"id", "op", ...}` are answered in order,
venue events are pushed to every connected client as `{"event": ...}`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from adapters.memory.simulated_venue import SimulatedVenue
from adapters.serialization.converter import make_converter
from adapters.system.clock import SystemClock
from domain.book import BookLevel, OrderBook
from domain.enums import OrderSide, OrderType, TimeInForce, VenueKind
from domain.errors import VenueError
from domain.ids import ClientOrderId, OperationId, StrategyId
from domain.order import Order
from domain.venue import Venue

converter = make_converter()
VENUE_ID = "SIM-PROCESS"
INSTRUMENT = f"{VENUE_ID}:PERPETUAL:BTC-USDT@LIN"


def venue_spec(venue_id: str = VENUE_ID, instrument: str = INSTRUMENT) -> Venue:
    return Venue(
        venue_id=venue_id,
        kind=VenueKind.SIMULATED,
        taker_fee=Decimal("0.0004"),
        maker_fee=Decimal("0.0002"),
        instruments=frozenset({instrument}),
    )


def deep_book(instrument: str = INSTRUMENT) -> OrderBook:
    """One level a side, deep enough that every market order fills at one price."""
    depth = Decimal(10**9)
    return OrderBook(
        instrument_key=instrument,
        bids=(BookLevel(price=Decimal(29990), size=depth),),
        asks=(BookLevel(price=Decimal(30010), size=depth),),
    )


def order_message(order: Order) -> dict[str, Any]:
    """What the venue needs of an order (the wire never carries our whole aggregate)."""
    return {
        "operation_id": order.operation_id,
        "client_order_id": order.client_order_id,
        "instrument_key": order.instrument_key,
        "venue_instrument_key": order.venue_instrument_key,
        "side": order.side.value,
        "order_type": order.order_type.value,
        "time_in_force": order.time_in_force.value,
        "quantity": str(order.quantity),
        "price": None if order.price is None else str(order.price),
        "strategy_id": order.strategy_id,
    }


def order_from_message(message: dict[str, Any]) -> Order:
    return Order(
        operation_id=OperationId(message["operation_id"]),
        client_order_id=ClientOrderId(message["client_order_id"]),
        instrument_key=message["instrument_key"],
        venue_instrument_key=message["venue_instrument_key"],
        side=OrderSide(message["side"]),
        order_type=OrderType(message["order_type"]),
        time_in_force=TimeInForce(message["time_in_force"]),
        quantity=Decimal(message["quantity"]),
        price=None if message["price"] is None else Decimal(message["price"]),
        strategy_id=StrategyId(message["strategy_id"]),
        created_at=datetime.now(UTC),
    )


async def answer(venue: SimulatedVenue, request: dict[str, Any]) -> Any:
    match request["op"]:
        case "submit":
            return converter.unstructure(await venue.submit(order_from_message(request["order"])))
        case "cancel":
            await venue.cancel(order_from_message(request["order"]))
            return None
        case "open_orders":
            return converter.unstructure(await venue.open_orders())
        case "positions":
            return converter.unstructure(await venue.positions())
        case "order_status":
            state = await venue.order_status(ClientOrderId(request["client_order_id"]))
            return None if state is None else converter.unstructure(state)
        case "order_trades":
            trades = await venue.order_trades(ClientOrderId(request["client_order_id"]))
            return converter.unstructure(trades)
        case "trade_against":
            price, quantity = Decimal(request["price"]), Decimal(request["quantity"])
            return await venue.trade_against(INSTRUMENT, price, quantity)
        case "trade_ids":
            return [t.venue_trade_id for t in venue.all_trades()]
        case "submitted":
            return list(venue.submitted)
    raise ValueError(f"unknown op {request['op']!r}")


class VenueServer:
    """Serves one SimulatedVenue to any number of clients."""

    def __init__(self, venue: SimulatedVenue) -> None:
        self.venue = venue
        self._clients: set[asyncio.StreamWriter] = set()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._clients.add(writer)
        try:
            while line := await reader.readline():
                request = json.loads(line)
                try:
                    reply = {"id": request["id"], "result": await answer(self.venue, request)}
                except VenueError as error:
                    reply = {"id": request["id"], "error": _venue_error(error)}
                writer.write(json.dumps(reply).encode() + b"\n")
                await writer.drain()
        except ConnectionError:
            pass  # the client died (e.g. SIGKILL): its requests already took effect
        finally:
            self._clients.discard(writer)
            writer.close()

    async def broadcast_events(self) -> None:
        async for event in self.venue.events():
            body = converter.unstructure(event)
            line = json.dumps({"event": {"type": type(event).__name__, **body}}).encode()
            for writer in list(self._clients):
                with contextlib.suppress(ConnectionError):
                    writer.write(line + b"\n")


def _venue_error(error: VenueError) -> dict[str, Any]:
    return {
        "venue": error.venue,
        "code": error.code,
        "message": error.message,
        "retryable": error.retryable,
    }


async def serve(port: int) -> None:
    venue = SimulatedVenue(venue_spec(), SystemClock())
    venue.set_book(deep_book())
    await venue.connect()
    server = VenueServer(venue)
    listener = await asyncio.start_server(server.handle, "127.0.0.1", port)
    bound = listener.sockets[0].getsockname()[1]
    print(f"READY {bound}", flush=True)
    async with listener:
        await asyncio.gather(listener.serve_forever(), server.broadcast_events())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    asyncio.run(serve(parser.parse_args().port))


if __name__ == "__main__":
    main()
