"""Start-up time and POST -> fill-in-PostgreSQL round trips of `odum serve live` on Bybit.

The service runs as its own process (`odum serve live`) with NautilusTrader's own Bybit
linear clients pointed at the loopback emulator (tests/venues/bybit_linear), which streams
the recorded BTCUSDT quotes on its public stream. Each order is a market order of 0.001
(alternating sides), sent over Bybit's trade stream by the client; its round trip is from
sending POST /api/orders until its fill row is in `unified_fills`, polled every millisecond.

Run: .venv/bin/python -m bench.venue_bybit_emulator [--orders 200]
     (database from ODUM_DATABASE_URL, else a throwaway cluster)
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx
import psycopg

from bench.venue_binance_emulator import database
from tests.api.keys import key_headers
from tests.nautilus_live.emulated_bybit_service import BybitService, serving
from tests.nautilus_live.emulated_service import stream_quotes
from tests.venues.bybit_linear.running import PERP, bybit_emulator


async def round_trips(service: BybitService, orders: int) -> list[float]:
    seconds = []
    with psycopg.connect(service.database_url, autocommit=True) as conn:
        async with httpx.AsyncClient(
            base_url=service.base, timeout=20, headers=key_headers()
        ) as client:
            for n in range(orders):
                operation_id = f"bench-{n}"
                body = {
                    "operation_id": operation_id, "instrument_key": PERP, "quantity": "0.001",
                    "side": "BUY" if n % 2 == 0 else "SELL", "strategy_id": "bench",
                }  # fmt: skip
                started = time.perf_counter()
                answer = (await client.post("/api/orders", json=body)).json()
                if answer["status"] == "REJECTED":
                    raise SystemExit(f"order {operation_id} rejected: {answer['error_message']}")
                while not conn.execute(
                    "SELECT 1 FROM unified_fills WHERE operation_id = %s", (operation_id,)
                ).fetchone():
                    await asyncio.sleep(0.001)
                seconds.append(time.perf_counter() - started)
    return seconds


async def run(url: str, orders: int) -> tuple[float, list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        async with bybit_emulator() as emulator:
            feed = asyncio.create_task(stream_quotes(emulator))
            async with serving(emulator, url, Path(tmp)) as service:
                await asyncio.sleep(1.0)  # first quotes reach the risk engine
                seconds = await round_trips(service, orders)
            feed.cancel()
    return service.started_in_s, seconds


async def main(orders: int) -> None:
    with database() as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("TRUNCATE unified_fills, unified_orders, unified_positions CASCADE")
        started, seconds = await run(url, orders)
        ms = sorted(s * 1000 for s in seconds)
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        print("BYBIT linear on the loopback emulator (live clients):")
        print(f"  start-up to ready (process start -> venues connected): {started:.2f} s")
        print(
            f"  POST -> fill in PostgreSQL over {len(ms)} orders: "
            f"p50 {statistics.median(ms):.1f} ms, p99 {p99:.1f} ms, max {ms[-1]:.1f} ms"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=200)
    asyncio.run(main(parser.parse_args().orders))
