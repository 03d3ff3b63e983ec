"""The service side of the crash proof, run as its own process so a test can SIGKILL it:
the live container (PostgreSQL from ODUM_DATABASE_URL) trading on the venue process.

`python -m tests.fakes.crash_service --port P --orders N` reconciles, then executes the
operations crash-0 .. crash-(N-1) (idempotent: a restart runs the same list again; every
tenth is a buy limit that rests), printing `DONE <operation> <status>` per operation, then
`ORDERS-DONE`; it keeps applying venue events (resting orders filling) until a `STOP` line
on stdin (or its end), then prints `FINISHED`."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from decimal import Decimal

from dependency_injector import providers

from adapters.serialization.converter import make_converter
from application.execution.venue_registry import VenueRegistry
from bootstrap.build import ApplicationContainer, build_container
from bootstrap.settings.loader import parse_settings
from domain.enums import OrderSide, OrderType
from domain.ids import OperationId, StrategyId
from domain.order_request import OrderRequest
from tests.fakes.venue_client import VenueProcessClient
from tests.fakes.venue_process import INSTRUMENT, VENUE_ID, deep_book, venue_spec

QUANTITY = Decimal("0.01")
REST_PRICE = Decimal(29900)  # below the ask: a buy limit here rests until someone sells


def is_resting(n: int) -> bool:
    return n % 10 == 7


def request(n: int) -> OrderRequest:
    resting = is_resting(n)
    return OrderRequest(
        operation_id=OperationId(f"crash-{n}"),
        instrument_key=INSTRUMENT,
        side=OrderSide.BUY if n % 3 or resting else OrderSide.SELL,
        quantity=QUANTITY * (1 + n % 5),
        order_type=OrderType.LIMIT if resting else OrderType.MARKET,
        price=REST_PRICE if resting else None,
        strategy_id=StrategyId("crash"),
    )


def container_for(port: int) -> ApplicationContainer:
    settings = parse_settings(
        {"venues": [{"venue_id": VENUE_ID, "instruments": [INSTRUMENT], "taker_fee": "0.0004"}]}
    )
    container = build_container("live", settings)
    client = VenueProcessClient(venue_spec(), port)
    container.infra.venues.override(providers.Object(VenueRegistry([client])))
    container.infra.market_data().set_book(VENUE_ID, deep_book())
    return container


async def trade(port: int, orders: int, concurrency: int) -> None:
    container = container_for(port)
    report = await container.core.reconciliation().run()
    print("RECONCILED " + json.dumps(make_converter().unstructure(report)), flush=True)
    pump = container.core.event_pump()
    await pump.start()
    orchestrator = container.core.orchestrator()
    numbers = iter(range(orders))

    async def client() -> None:
        for n in numbers:
            result = await orchestrator.execute(request(n))
            print(f"DONE crash-{n} {result.status}", flush=True)

    await asyncio.gather(*(client() for _ in range(concurrency)))
    print("ORDERS-DONE", flush=True)
    await asyncio.to_thread(_wait_for_stop)  # resting orders fill meanwhile
    await pump.stop()
    await container.infra.database().close()
    print("FINISHED", flush=True)


def _wait_for_stop() -> None:
    for line in sys.stdin:
        if line.strip() == "STOP":
            return


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(trade(args.port, args.orders, args.concurrency))


if __name__ == "__main__":
    main()
