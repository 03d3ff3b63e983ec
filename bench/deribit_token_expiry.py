"""Recovery times of the live service on a fake Deribit (loopback, real WebSocket and HTTP).

Run: .venv/bin/python -m bench.deribit_token_expiry [--rounds 20] [--resting 20]
- token expiry -> next order FILLED (refresh_token grant; and with the refresh token
  revoked too, so client credentials log in again); target under 2 s.
- WebSocket drop -> every fill that happened during the gap recorded in the OMS (a blip:
  the socket is cut and the fills happen at once; and a 1 s outage refusing connections).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from decimal import Decimal

import httpx

from adapters.system.clock import SystemClock
from bench.live_roundtrip import PERP, bench_settings
from bootstrap.build import build_container
from entrypoints.http.live_app import create_live_app
from tests.fakes.deribit_server import FakeDeribit
from tests.plugins.deribit_fake import FAKE_CLIENT_ID, FAKE_CLIENT_SECRET


def report(name: str, samples: list[float]) -> None:
    ms = sorted(s * 1e3 for s in samples)
    print(f"{name:<52} median {statistics.median(ms):8.1f} ms   max {ms[-1]:8.1f} ms   n={len(ms)}")


async def main(rounds: int, resting: int) -> None:
    os.environ["BENCH_DERIBIT_ID"] = FAKE_CLIENT_ID
    os.environ["BENCH_DERIBIT_SECRET"] = FAKE_CLIENT_SECRET
    fake = await FakeDeribit(client_id=FAKE_CLIENT_ID, client_secret=FAKE_CLIENT_SECRET).start()
    fake.exchange.set_book(
        "BTC-PERPETUAL", bids=[("49990", "100000000")], asks=[("50000", "100000000")]
    )
    container = build_container("test", bench_settings(fake), clock=SystemClock())
    app = create_live_app(container)
    logging.getLogger("tests.fakes.deribit_server.ws").setLevel(logging.WARNING)
    await container.core.reconciliation().run()
    pump = container.core.event_pump()
    await pump.start()
    oms = container.core.oms()
    numbers = iter(range(10**9))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://odum") as client:

        async def post(**fields: str) -> str:
            body = {"operation_id": f"b-{next(numbers)}", "instrument_key": PERP, **fields}
            answer = (await client.post("/api/orders", json=body)).json()
            return f"{answer['status']} {answer.get('error_message') or ''}".strip()

        async def timed(before: Callable[[], None]) -> float:
            before()
            started = time.perf_counter()
            status = await post(side="BUY", quantity="10")
            assert status == "FILLED", status
            return time.perf_counter() - started

        def expire_both() -> None:
            fake.expire_tokens()
            fake.revoke_refresh_tokens()

        baseline = [await timed(lambda: None) for _ in range(rounds)]
        refreshed = [await timed(fake.expire_tokens) for _ in range(rounds)]
        relogged = [await timed(expire_both) for _ in range(rounds)]

        venue = container.infra.venues().get("DERIBIT")

        async def gap(outage: Callable[[], Awaitable[None]]) -> float:
            while not venue.connected:  # the previous gap's reconnect
                await asyncio.sleep(0.01)
            ops = []
            for _ in range(resting):
                status = await post(side="BUY", quantity="10", order_type="LIMIT", price="49000")
                assert status == "ACCEPTED", status
                ops.append(f"b-{next(numbers) - 1}")
            started = time.perf_counter()
            await outage()
            while any(oms.working(op) is not None for op in ops):
                await asyncio.sleep(0.001)
            return time.perf_counter() - started

        async def blip() -> None:
            await fake.drop_connections()
            fake.trade_against("BTC-PERPETUAL", "sell", Decimal(10 * resting), Decimal(49000))

        async def one_second_outage() -> None:
            await fake.drop_connections(refuse_new=True)
            fake.trade_against("BTC-PERPETUAL", "sell", Decimal(10 * resting), Decimal(49000))
            await asyncio.sleep(1.0)
            fake.accept_connections()

        blips = [await gap(blip) for _ in range(max(3, rounds // 4))]
        outages = [await gap(one_second_outage) for _ in range(3)]
    await pump.stop()
    await fake.stop()
    print(f"fake Deribit on loopback; {resting} resting orders per gap")
    report("order FILLED, no fault (baseline)", baseline)
    report("token expired -> order FILLED (refresh_token)", refreshed)
    report("token + refresh expired -> FILLED (client creds)", relogged)
    report(f"WS drop -> {resting} gap fills recorded", blips)
    report(f"WS drop, 1 s refused -> {resting} gap fills recorded", outages)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--resting", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.rounds, args.resting))
