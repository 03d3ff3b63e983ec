"""The service side of the crash proof, run as its own process so a test can SIGKILL it:
the live container (PostgreSQL from ODUM_DATABASE_URL) trading on the venue process.

`python -m tests.fakes.crash_service --port P --orders N` (or `--deribit WS_URL HTTP_URL`
for the fake Deribit in its own process, or `--binance HTTP_URL WS_URL` for a TradingNode
whose real Binance USD-M clients trade on the emulator's process) reconciles, then executes the
operations crash-0 .. crash-(N-1) (idempotent: a restart runs the same list again; every
tenth is a buy limit that rests), printing `DONE <operation> <status>` per operation, then
`ORDERS-DONE`; it keeps applying venue events (resting orders filling) until a `STOP` line
on stdin (or its end), then prints `FINISHED`."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import time
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
BINANCE_ID = "BINANCE-FUTURES"
BINANCE_BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
BINANCE_REST_PRICE = Decimal("9980.00")  # below the emulator's bid of 9999.90
NODE_ORDERS_PER_SECOND = 60
NODE_LOG = os.environ.get("ODUM_CRASH_NODE_LOG", "ERROR")  # the node logs to stdout
BINANCE_KEY_ENV, BINANCE_SECRET_ENV = "EMULATED_BINANCE_KEY", "EMULATED_BINANCE_SECRET"


def is_resting(n: int) -> bool:
    return n % 10 == 7


def request(n: int, *, venue: str = VENUE_ID) -> OrderRequest:
    resting = is_resting(n)
    instrument, lot, rest_price = {
        VENUE_ID: (INSTRUMENT, QUANTITY, REST_PRICE),
        DERIBIT_ID: (DERIBIT_BTC, DERIBIT_LOT, DERIBIT_REST_PRICE),
        BINANCE_ID: (BINANCE_BTC, QUANTITY, BINANCE_REST_PRICE),
    }[venue]
    return OrderRequest(
        operation_id=OperationId(f"crash-{n}"),
        instrument_key=instrument,
        side=OrderSide.BUY if n % 3 or resting else OrderSide.SELL,
        quantity=lot * (1 + n % 5),
        order_type=OrderType.LIMIT if resting else OrderType.MARKET,
        price=rest_price if resting else None,
        strategy_id=StrategyId("crash"),
    )


class Pace:
    """At most `per_second` submissions a second (none: no limit). A TradingNode's risk
    engine denies orders past its MAX_ORDER_SUBMIT_RATE (100 a second); a proof that
    outran it would prove refusals, not recovery."""

    def __init__(self, per_second: int | None) -> None:
        self._gap = 1 / per_second if per_second else 0.0
        self._next = 0.0

    async def turn(self) -> None:
        if not self._gap:
            return
        now = time.monotonic()
        wait, self._next = max(0.0, self._next - now), max(now, self._next) + self._gap
        await asyncio.sleep(wait)


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


def binance_container_for(http_url: str, ws_url: str) -> ApplicationContainer:
    """The live service's TradingNode, its real Binance USD-M data and exec clients pointed
    at the emulator (in its own process); the book it prices from is the emulator's quote."""
    options = {
        "exchange": "binance",
        "account_type": "usdt_future",
        "api_key_env": BINANCE_KEY_ENV,
        "api_secret_env": BINANCE_SECRET_ENV,
        "base_url_http": http_url,
        "base_url_ws": ws_url,
        "base_url_ws_stream": ws_url,
        "node": {"timeout_post_stop_s": 0.1, "log_level": NODE_LOG},
        "submit_timeout_s": 10.0,
    }
    venue = {
        "venue_id": BINANCE_ID,
        "kind": "NAUTILUS",
        "instruments": [BINANCE_BTC],
        "taker_fee": "0.0004",
        "maker_fee": "0.0002",
        "min_size": "0.001",
        "adapter": {"type": "nautilus", "options": options},
    }
    container = build_container("live", parse_settings({"venues": [venue]}))
    container.infra.market_data().set_book(
        BINANCE_ID,
        OrderBook(
            instrument_key=BINANCE_BTC,
            bids=(BookLevel(price=Decimal("9999.90"), size=Decimal(10**6)),),
            asks=(BookLevel(price=Decimal("10000.00"), size=Decimal(10**6)),),
        ),
    )
    return container


async def trade(
    port: int,
    orders: int,
    concurrency: int,
    deribit: tuple[str, str] | None = None,
    binance: tuple[str, str] | None = None,
) -> None:
    if binance is not None:
        container, venue = binance_container_for(*binance), BINANCE_ID
    elif deribit is not None:
        container, venue = deribit_container_for(*deribit), DERIBIT_ID
    else:
        container, venue = container_for(port), VENUE_ID
    report = await container.core.reconciliation().run()
    print("RECONCILED " + json.dumps(make_converter().unstructure(report)), flush=True)
    pump = container.core.event_pump()
    await pump.start()
    orchestrator = container.core.orchestrator()
    numbers = iter(range(orders))
    pace = Pace(NODE_ORDERS_PER_SECOND if binance is not None else None)

    async def client() -> None:
        for n in numbers:
            await pace.turn()
            result = await orchestrator.execute(request(n, venue=venue))
            print(f"DONE crash-{n} {result.status}", flush=True)

    await asyncio.gather(*(client() for _ in range(concurrency)))
    print("ORDERS-DONE", flush=True)
    await asyncio.to_thread(_wait_for_stop)  # resting orders fill meanwhile
    await pump.stop()
    if binance is not None:  # the node stops cleanly; orders stay as the venue has them
        for adapter in container.infra.venues().all():
            await adapter.disconnect()
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
    parser.add_argument("--binance", nargs=2, metavar=("HTTP_URL", "WS_URL"))
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    deribit = tuple(args.deribit) if args.deribit else None
    binance = tuple(args.binance) if args.binance else None
    asyncio.run(
        trade(args.port, args.orders, args.concurrency, deribit, binance)  # type: ignore[arg-type]
    )


if __name__ == "__main__":
    main()
