"""Sustained orders/s and p50/p99 latency through the orchestrator with PostgreSQL persistence.

The live container (PostgreSQL unit of work, system clock) with three simulated venues;
`--concurrency` clients submit market orders as fast as they are answered.

Run: .venv/bin/python -m bench.order_path_pg [--orders 20000] [--concurrency 16]
     (database from ODUM_DATABASE_URL, else a throwaway cluster; its tables are emptied)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import time
from collections.abc import Iterator
from decimal import Decimal

import psycopg

from adapters.postgres.migrate import upgrade
from bench.order_path import LIMITS, VENUES, percentiles, request
from bootstrap.build import ApplicationContainer, build_container
from bootstrap.settings.loader import parse_settings
from domain.book import BookLevel, OrderBook

URL_ENV = "ODUM_DATABASE_URL"


def build(url: str, pool_size: int) -> ApplicationContainer:
    key = "{}:PERPETUAL:BTC-USDT@LIN".format
    settings = parse_settings(
        {
            "venues": [
                {"venue_id": v, "instruments": [key(v)], "taker_fee": f"0.000{4 + n}"}
                for n, v in enumerate(VENUES)
            ],
            "risk": LIMITS,
            "database": {
                "url_env": URL_ENV,
                "pool_min_size": pool_size,
                "pool_max_size": pool_size,
            },
        }
    )
    os.environ[URL_ENV] = url
    container = build_container("live", settings)
    levels = range(5)
    for venue_id, venue in zip(VENUES, container.infra.venues().all(), strict=True):
        depth = Decimal(10**9)
        venue.set_book(  # type: ignore[attr-defined]
            OrderBook(
                instrument_key=key(venue_id),
                bids=tuple(BookLevel(price=Decimal(29990 - i), size=depth) for i in levels),
                asks=tuple(BookLevel(price=Decimal(30010 + i), size=depth) for i in levels),
            )
        )
    return container


async def run(container: ApplicationContainer, first: int, count: int, concurrency: int) -> None:
    orchestrator = container.core.orchestrator()
    samples: list[int] = []
    numbers = iter(range(first, first + count))
    clock = time.perf_counter_ns

    async def client() -> None:
        for n in numbers:
            t0 = clock()
            await orchestrator.execute(request(n))
            samples.append(clock() - t0)

    cpu, start = time.process_time(), clock()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    elapsed, cpu = (clock() - start) / 1e9, time.process_time() - cpu
    p50, p99 = percentiles(samples)
    commits = container.infra.uow_factory().commits
    print(
        f"{count:>7,} orders, {concurrency:>3} clients: {count / elapsed:>7,.0f} orders/s   "
        f"p50 {p50 / 1000:6.2f} ms   p99 {p99 / 1000:6.2f} ms   "
        f"service CPU {cpu / elapsed:4.0%}   {commits.requests / max(commits.batches, 1):4.1f} "
        "commits per transaction"
    )


@contextlib.contextmanager
def database(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    from tests.plugins.postgres_server import running_cluster

    with running_cluster() as cluster:
        yield cluster.create_database("bench", migrated=False)


async def bench(url: str, orders: int, concurrency: list[int], warmup: int) -> None:
    container = build(url, pool_size=max(4, min(12, max(concurrency))))
    pump = container.core.event_pump()
    await pump.start()
    try:
        await run(container, 0, warmup, 8)
        first = warmup
        for clients in concurrency:
            await run(container, first, orders, clients)
            first += orders
    finally:
        await pump.stop()
        await container.infra.database().close()


def _loop_factory():
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, nargs="*", default=[1, 8, 16, 32])
    parser.add_argument("--warmup", type=int, default=2_000)
    args = parser.parse_args()
    with database(os.environ.get(URL_ENV)) as url:
        upgrade(url)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("TRUNCATE unified_fills, unified_orders, unified_positions")
        asyncio.run(
            bench(url, args.orders, args.concurrency, args.warmup), loop_factory=_loop_factory()
        )


if __name__ == "__main__":
    main()
