"""What the venue-emulator benches share: the database, the timed orders, the printed figures.

Each order is a market order of one lot (alternating sides); its round trip is from sending
POST /api/orders until its fill row is in `unified_fills`, polled every millisecond."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg

from adapters.postgres.migrate import upgrade
from tests.api.keys import key_headers
from tests.nautilus_live.emulated_service import Service, stream_quotes

Emulator = Callable[[], contextlib.AbstractAsyncContextManager[Any]]
Serving = Callable[[Any, str, Path], contextlib.AbstractAsyncContextManager[Service]]
Feed = Callable[[Any], Awaitable[None]]


@contextlib.contextmanager
def database() -> Iterator[str]:
    """ODUM_DATABASE_URL (migrated, emptied), else a database in a throwaway cluster."""
    url = os.environ.get("ODUM_DATABASE_URL")
    if url:
        upgrade(url)
        empty(url)
        yield url
        return
    from tests.plugins.postgres_server import running_cluster

    with running_cluster() as cluster:
        yield cluster.create_database("bench_venues")


def empty(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("TRUNCATE unified_fills, unified_orders, unified_positions CASCADE")


async def round_trips(service: Service, orders: int, quantity: str) -> list[float]:
    seconds = []
    with psycopg.connect(service.database_url, autocommit=True) as conn:
        async with httpx.AsyncClient(
            base_url=service.base, timeout=20, headers=key_headers()
        ) as client:
            for n in range(orders):
                operation_id = f"bench-{n}"
                body = {
                    "operation_id": operation_id, "instrument_key": service.instrument_key,
                    "quantity": quantity, "side": "BUY" if n % 2 == 0 else "SELL",
                    "strategy_id": "bench",
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


async def timed(
    emulator: Emulator,
    serving: Serving,
    url: str,
    orders: int,
    quantity: str,
    *,
    quotes: Feed | None = stream_quotes,
) -> tuple[float, list[float]]:
    """The service's start-up to ready and the orders' round trips, on a fresh emulator
    while `quotes` feeds it (None: a venue that publishes its own book, the fake Deribit)."""
    empty(url)
    with tempfile.TemporaryDirectory() as tmp:
        async with emulator() as running:
            feed = asyncio.create_task(quotes(running)) if quotes else None
            try:
                async with serving(running, url, Path(tmp)) as service:
                    await asyncio.sleep(1.0)  # first quotes reach the risk engine
                    seconds = await round_trips(service, orders, quantity)
            finally:
                if feed:
                    feed.cancel()
    return service.started_in_s, seconds


def percentiles(seconds: list[float]) -> tuple[float, float, float]:
    """p50, p99 and max in milliseconds (p99: the sample at rank 0.99 n, nearest rank)."""
    ms = sorted(s * 1000 for s in seconds)
    return statistics.median(ms), ms[min(len(ms) - 1, int(len(ms) * 0.99))], ms[-1]


def report(label: str, started: float, seconds: list[float]) -> None:
    p50, p99, top = percentiles(seconds)
    print(f"{label}:")
    print(f"  start-up to ready (process start -> venues connected): {started:.2f} s")
    print(
        f"  POST -> fill in PostgreSQL over {len(seconds)} orders: "
        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {top:.1f} ms"
    )


def main(doc: str, measure: Callable[[str, int], Awaitable[None]]) -> None:
    """`--orders N` (200) timed by `measure(database_url, orders)`."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--orders", type=int, default=200)
    orders = parser.parse_args().orders

    async def run() -> None:
        with database() as url:
            await measure(url, orders)

    asyncio.run(run())
