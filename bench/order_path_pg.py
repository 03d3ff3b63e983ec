"""Sustained orders/s and p50/p99 latency through the orchestrator with PostgreSQL persistence.

The live container (PostgreSQL unit of work with group commit, system clock) trading on
three simulated venues, which echo every fill on their event stream as real venues do; the
event pump runs. `--concurrency` clients each submit market orders as fast as they are
answered; latency is one `execute` call (risk, write-ahead commit, venue, fills, commit).

Run: .venv/bin/python -m bench.order_path_pg [--orders 20000] [--concurrency 8 12 16 24]
     [--gc-tuned]   (database from ODUM_DATABASE_URL, else a throwaway cluster; the
     bench empties the three tables first)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import time
from collections.abc import Callable, Iterator
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
            "storage": {"backend": "memory"},  # no bucket on a bench machine
            "database": {
                "url_env": URL_ENV,
                "pool_min_size": pool_size,
                "pool_max_size": pool_size,
            },
        }
    )
    os.environ[URL_ENV] = url
    container = build_container("live", settings)
    levels, depth = range(5), Decimal(10**9)
    for venue_id, venue in zip(VENUES, container.infra.venues().all(), strict=True):
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
    commits = container.infra.uow_factory().commits
    samples: list[int] = []
    numbers = iter(range(first, first + count))
    clock = time.perf_counter_ns

    async def client() -> None:
        for n in numbers:
            t0 = clock()
            await orchestrator.execute(request(n))
            samples.append(clock() - t0)

    batches, requests = commits.batches, commits.requests
    cpu, start = time.process_time(), clock()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    elapsed, cpu = (clock() - start) / 1e9, time.process_time() - cpu
    p50, p99 = percentiles(samples)
    per_batch = (commits.requests - requests) / max(commits.batches - batches, 1)
    lag = sum(v.pending_events() for v in container.infra.venues().all())  # type: ignore[attr-defined]
    print(
        f"{count:>7,} orders, {concurrency:>3} clients: {count / elapsed:>7,.0f} orders/s   "
        f"p50 {p50 / 1000:6.2f} ms   p99 {p99 / 1000:6.2f} ms   service CPU {cpu / elapsed:4.0%}"
        f"   {per_batch:4.1f} commits/transaction   {lag} echoes unapplied"
    )


@contextlib.contextmanager
def database(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    from tests.plugins.postgres_server import running_cluster

    with running_cluster() as cluster:
        yield cluster.create_database("bench", migrated=False)


async def bench(url: str, orders: int, concurrency: list[int], warmup: int, gc_tuned: bool) -> None:
    container = build(url, pool_size=8)
    pump = container.core.event_pump()
    await pump.start()
    try:
        await run(container, 0, warmup, 8)
        if gc_tuned:  # what a service would do after start-up: fewer, cheaper collections
            gc.freeze()
            gc.set_threshold(20_000, 50, 100)
        first = warmup
        for clients in concurrency:
            await run(container, first, orders, clients)
            first += orders
    finally:
        await pump.stop()
        await container.infra.database().close()


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop when installed, as uvicorn serves the live API with it."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, nargs="*", default=[8, 12, 16, 24])
    parser.add_argument("--warmup", type=int, default=2_000)
    parser.add_argument("--gc-tuned", action="store_true", help="gc.freeze() + higher thresholds")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    with database(os.environ.get(URL_ENV)) as url:
        upgrade(url)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("TRUNCATE unified_fills, unified_orders, unified_positions")
        work = bench(url, args.orders, args.concurrency, args.warmup, args.gc_tuned)
        asyncio.run(work, loop_factory=_loop_factory())


if __name__ == "__main__":
    main()
