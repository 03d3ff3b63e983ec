"""Orders/s and latency of risk+route and of the whole orchestrator on the memory adapters.

Run: .venv/bin/python -m bench.order_path [--orders 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from decimal import Decimal

from bootstrap.build import ApplicationContainer, build_container
from bootstrap.settings.loader import parse_settings
from domain.book import BookLevel, OrderBook
from domain.enums import OrderSide, OrderType
from domain.ids import OperationId, StrategyId
from domain.order_request import OrderRequest

VENUES = ("BINANCE-FUTURES", "BYBIT", "OKX")
LIMITS = {
    "max_orders_per_second": 10**9,
    "max_orders_per_minute": 10**9,
    "max_strategy_orders_per_second": 10**9,
    "max_order_quantity": "1000",
    "max_order_notional": "100000000",
    "max_position_per_instrument": "100000000",
    "max_position_per_strategy": "1000000000000",
    "max_global_position_notional": "1000000000000",
    "max_total_notional_exposure": "1000000000000",
    "price_tolerance_bps": "500",
}


def _key(venue: str) -> str:
    return f"{venue}:PERPETUAL:BTC-USDT@LIN"


def build(depth: str = "1000000000") -> ApplicationContainer:
    settings = parse_settings(
        {
            "venues": [
                {"venue_id": v, "instruments": [_key(v)], "taker_fee": f"0.000{4 + n}"}
                for n, v in enumerate(VENUES)
            ],
            "risk": LIMITS,
        }
    )
    container = build_container("test", settings)
    for n, venue in enumerate(container.infra.venues().all()):
        venue.set_book(
            OrderBook(
                instrument_key=_key(VENUES[n]),
                bids=tuple(
                    BookLevel(price=Decimal(29990 - i), size=Decimal(depth)) for i in range(5)
                ),
                asks=tuple(
                    BookLevel(price=Decimal(30010 + i), size=Decimal(depth)) for i in range(5)
                ),
            )
        )
    return container


def request(n: int, *, order_type: OrderType = OrderType.MARKET) -> OrderRequest:
    return OrderRequest(
        operation_id=OperationId(f"op-{n}"),
        instrument_key=_key(VENUES[0]),
        side=OrderSide.BUY if n % 2 or order_type is OrderType.LIMIT else OrderSide.SELL,
        quantity=Decimal("0.001"),
        order_type=order_type,
        price=Decimal("29000") if order_type is OrderType.LIMIT else None,
        strategy_id=StrategyId(f"s{n % 4}"),
    )


def percentiles(samples_ns: list[int]) -> tuple[float, float]:
    q = statistics.quantiles(samples_ns, n=100)
    return q[49] / 1000, q[98] / 1000


def report(name: str, rate: float, samples: list[int]) -> None:
    p50, p99 = percentiles(samples)
    print(f"{name:<14}: {rate:>10,.0f} orders/s   p50 {p50:7.1f} µs   p99 {p99:7.1f} µs")


def bench_risk_route(count: int) -> None:
    container = build()
    for venue in container.infra.venues().all():
        asyncio.run(venue.connect())
    risk, router = container.core.risk(), container.core.router()
    requests = [request(n) for n in range(count)]
    samples, clock = [], time.perf_counter_ns
    start = clock()
    for req in requests:
        t0 = clock()
        risk.check(req)
        router.route(req)
        samples.append(clock() - t0)
    elapsed = (clock() - start) / 1e9
    report("risk+route", count / elapsed, samples)


async def bench_orchestrator(count: int) -> None:
    container = build()
    pump = container.core.event_pump()
    await pump.start()
    orchestrator = container.core.orchestrator()
    requests = [request(n) for n in range(count)]
    samples, clock = [], time.perf_counter_ns
    start = clock()
    for req in requests:
        t0 = clock()
        await orchestrator.execute(req)
        samples.append(clock() - t0)
    elapsed = (clock() - start) / 1e9
    await pump.stop()
    report("orchestrator", count / elapsed, samples)


async def bench_open_orders(open_counts: tuple[int, ...], probes: int = 5000) -> None:
    for open_count in open_counts:
        container = build()
        for venue in container.infra.venues().all():
            await venue.connect()
        orchestrator = container.core.orchestrator()
        for n in range(open_count):  # resting limits far from the touch stay open
            await orchestrator.execute(request(10_000_000 + n, order_type=OrderType.LIMIT))
        risk = container.core.risk()
        assert len(container.core.oms().open_orders()) == open_count
        samples, clock = [], time.perf_counter_ns
        for n in range(probes):
            req = request(n)
            t0 = clock()
            risk.check(req)
            samples.append(clock() - t0)
        p50, p99 = percentiles(samples)
        print(f"risk check, {open_count:>7,} open orders: p50 {p50:6.1f} µs  p99 {p99:6.1f} µs")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--open", type=int, nargs="*", default=[10, 1_000, 100_000])
    args = parser.parse_args()
    bench_risk_route(args.orders)
    asyncio.run(bench_orchestrator(args.orders))
    asyncio.run(bench_open_orders(tuple(args.open)))


if __name__ == "__main__":
    main()
