"""The service side of the crash proof, run as its own process so a test can SIGKILL it:
the live container (PostgreSQL from ODUM_DATABASE_URL) trading on the venue process.

`python -m tests.fakes.crash_service --port P --orders N` (or `--deribit WS_URL HTTP_URL`
for the fake Deribit in its own process) reconciles, then executes the
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
from domain.book import BookLevel, OrderBook
from domain.enums import OrderSide, OrderType
from domain.ids import OperationId, StrategyId
from domain.order_request import OrderRequest
from tests.fakes.venue_client import VenueProcessClient
from tests.fakes.venue_process import INSTRUMENT, VENUE_ID, deep_book, venue_spec

QUANTITY = Decimal("0.01")
REST_PRICE = Decimal(29900)  # below the ask: a buy limit here rests until someone sells
DERIBIT_ID = "DERIBIT"
DERIBIT_BTC = "DERIBIT:PERPETUAL:BTC-USD@INV"
DERIBIT_LOT = Decimal(10)  # contracts of USD 10
DERIBIT_REST_PRICE = Decimal(49900)  # below the fake's ask of 50000


def is_resting(n: int) -> bool:
    return n % 10 == 7


def request(n: int, *, deribit: bool = False) -> OrderRequest:
    resting = is_resting(n)
    rest_price = DERIBIT_REST_PRICE if deribit else REST_PRICE
    return OrderRequest(
        operation_id=OperationId(f"crash-{n}"),
        instrument_key=DERIBIT_BTC if deribit else INSTRUMENT,
        side=OrderSide.BUY if n % 3 or resting else OrderSide.SELL,
        quantity=(DERIBIT_LOT if deribit else QUANTITY) * (1 + n % 5),
        order_type=OrderType.LIMIT if resting else OrderType.MARKET,
        price=rest_price if resting else None,
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


def deribit_container_for(ws_url: str, http_url: str) -> ApplicationContainer:
    options = {
        "testnet": True,
        "ws_url_override": ws_url,
        "http_url_override": http_url,
        "request_timeout_s": 3,
        "connect_timeout_s": 3,
        "retry_delay_s": 0.01,
    }
    venue = {
        "venue_id": DERIBIT_ID,
        "kind": "EXTERNAL_SDK",
        "instruments": [DERIBIT_BTC],
        "taker_fee": "0.0005",
        "maker_fee": "0",
        "fee_currency": "BTC",
        "min_size": "10",
        "adapter": {"type": "deribit", "options": options},
    }
    settings = parse_settings({"venues": [venue]})
    container = build_container("live", settings)
    container.infra.market_data().set_book(
        DERIBIT_ID,
        OrderBook(
            instrument_key=DERIBIT_BTC,
            bids=(BookLevel(price=Decimal(49990), size=Decimal(10**9)),),
            asks=(BookLevel(price=Decimal(50000), size=Decimal(10**9)),),
        ),
    )
    return container


async def trade(
    port: int, orders: int, concurrency: int, deribit: tuple[str, str] | None = None
) -> None:
    container = container_for(port) if deribit is None else deribit_container_for(*deribit)
    report = await container.core.reconciliation().run()
    print("RECONCILED " + json.dumps(make_converter().unstructure(report)), flush=True)
    pump = container.core.event_pump()
    await pump.start()
    orchestrator = container.core.orchestrator()
    numbers = iter(range(orders))

    async def client() -> None:
        for n in numbers:
            result = await orchestrator.execute(request(n, deribit=deribit is not None))
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
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--deribit", nargs=2, metavar=("WS_URL", "HTTP_URL"))
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    deribit = tuple(args.deribit) if args.deribit else None
    asyncio.run(trade(args.port, args.orders, args.concurrency, deribit))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
