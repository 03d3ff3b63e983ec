"""API order -> fake Deribit ack -> fill event -> OMS: p50/p99 over N orders on loopback.

Run: .venv/bin/python -m bench.live_roundtrip [--orders 1000]
Two paths: a market order whose fills come back in Deribit's submit answer, and a resting
limit order filled later by a trade, whose fill arrives on the WebSocket subscription.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from decimal import Decimal

import httpx

from adapters.auth.keys import KeyRing, Role
from adapters.system.clock import SystemClock
from application.settings.schema import Settings
from bootstrap.build import build_container
from bootstrap.settings.loader import parse_settings
from entrypoints.http.live_app import create_live_app
from tests.fakes.deribit_server import FakeDeribit
from tests.plugins.deribit_fake import FAKE_CLIENT_ID, FAKE_CLIENT_SECRET

BENCH_KEY = "bench-trader-key"
PERP = "DERIBIT:PERPETUAL:BTC-USD@INV"


def bench_settings(fake: FakeDeribit) -> Settings:
    """One Deribit venue on `fake`, its key in BENCH_DERIBIT_ID/SECRET, credits relaxed."""
    return parse_settings(
        {
            "venues": [
                {
                    "venue_id": "DERIBIT",
                    "kind": "EXTERNAL_SDK",
                    "instruments": [PERP],
                    "taker_fee": "0.0005",
                    "min_size": "10",
                    "fee_currency": "BTC",
                    "adapter": {
                        "type": "deribit",
                        "options": {
                            "ws_url_override": fake.ws_url,
                            "http_url_override": fake.http_url,
                            "client_id_env": "BENCH_DERIBIT_ID",
                            "client_secret_env": "BENCH_DERIBIT_SECRET",
                            # Deribit's matching pool sustains 5 orders/s; relaxed to time our path.
                            "credits": {
                                "matching_capacity": 10**9,
                                "matching_refill_per_second": 10**9,
                            },
                        },
                    },
                }
            ],
        }
    )


def _report(name: str, samples: list[float]) -> None:
    q = statistics.quantiles(samples, n=100)
    print(f"{name:<34} p50 {q[49] * 1e3:7.2f} ms   p99 {q[98] * 1e3:7.2f} ms   n={len(samples)}")


async def main(count: int) -> None:
    os.environ["BENCH_DERIBIT_ID"], os.environ["BENCH_DERIBIT_SECRET"] = (
        FAKE_CLIENT_ID,
        FAKE_CLIENT_SECRET,
    )
    fake = await FakeDeribit(client_id=FAKE_CLIENT_ID, client_secret=FAKE_CLIENT_SECRET).start()
    deep = [(str(50000 + i), "100000000") for i in range(3)]
    fake.exchange.set_book(
        "BTC-PERPETUAL", bids=[(str(49990 - i), "100000000") for i in range(3)], asks=deep
    )
    container = build_container("test", bench_settings(fake), clock=SystemClock())
    app = create_live_app(container, keys=KeyRing.of(bench=(BENCH_KEY, Role.TRADER)))
    pump = container.core.event_pump()
    await pump.start()
    oms = container.core.oms()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://odum", headers={"x-api-key": BENCH_KEY}
    ) as client:
        market: list[float] = []
        for n in range(count):
            body = {
                "operation_id": f"m-{n}",
                "instrument_key": PERP,
                "side": "BUY",
                "quantity": "10",
            }
            started = time.perf_counter()
            response = await client.post("/api/orders", json=body)
            assert response.json()["status"] == "FILLED", response.text
            market.append(time.perf_counter() - started)
        resting: list[float] = []
        for n in range(count):
            body = {
                "operation_id": f"l-{n}",
                "instrument_key": PERP,
                "side": "BUY",
                "quantity": "10",
                "order_type": "LIMIT",
                "price": "49000",
            }
            assert (await client.post("/api/orders", json=body)).json()["status"] == "ACCEPTED"
            order = oms.working(f"l-{n}")
            started = time.perf_counter()
            fake.trade_against("BTC-PERPETUAL", "sell", Decimal(10), Decimal(49000))
            while order is not None and order.is_open:
                await asyncio.sleep(0)
            resting.append(time.perf_counter() - started)
    await pump.stop()
    await fake.stop()
    _report("API -> Deribit ack (with fills) -> OMS", market)
    _report("trade -> WS fill event -> OMS", resting)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1000)
    asyncio.run(main(parser.parse_args().orders))
