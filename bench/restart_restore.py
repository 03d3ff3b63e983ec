"""A restart's per-strategy positions with many stored fills: every fill read and replayed
(the way it was) against linear totals summed in PostgreSQL plus the inverse fills
replayed (the way startup does it now), side by side in one run on the same database.

Run: .venv/bin/python -m bench.restart_restore [--fills 200000] [--inverse-share 0.1]
     (a throwaway cluster; the fills belong to four strategies on one linear and one
     inverse perpetual)
"""

from __future__ import annotations

import argparse
import asyncio
import time

import psycopg

from adapters.postgres.migrate import upgrade
from application.reconciliation.startup import stored_strategy_fills
from application.risk.exposure import ExposureBook
from bench.order_path_pg import build, database
from bootstrap.build import ApplicationContainer

LINEAR = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
INVERSE = "DERIBIT:PERPETUAL:BTC-USD@INV"
ORDERS = """
INSERT INTO unified_orders (operation_id, canonical_id, venue, client_order_id, status, side,
    order_type, time_in_force, quantity, filled_quantity, strategy_id, created_at)
SELECT 'op-' || g, k.key, k.venue, 'c-' || g, 'FILLED', s.side, 'MARKET', 'GTC', k.qty, k.qty,
    's' || mod(g, 4), now()
FROM generate_series(1, %(n)s) g,
    LATERAL (SELECT CASE WHEN mod(g, 3) = 0 THEN 'SELL' ELSE 'BUY' END AS side) s,
    LATERAL (SELECT CASE WHEN g <= %(inverse)s THEN %(inv)s ELSE %(lin)s END AS key,
                    CASE WHEN g <= %(inverse)s THEN 'DERIBIT' ELSE 'BINANCE-FUTURES' END AS venue,
                    CASE WHEN g <= %(inverse)s THEN 100 ELSE 0.001 END AS qty) k
"""
FILLS = """
INSERT INTO unified_fills (fill_id, operation_id, venue, venue_trade_id, quantity, price, fee,
    fee_currency, ts_event, instrument_key, side, liquidity)
SELECT 'f-' || o.operation_id, o.operation_id, o.venue, 't-' || o.operation_id, o.quantity,
    30000 + mod(length(o.operation_id) * 37, 500), 0.01, 'USDT',
    CAST(substr(o.operation_id, 4) AS bigint), o.canonical_id, o.side, 'TAKER'
FROM unified_orders o
"""


async def every_fill(container: ApplicationContainer) -> ExposureBook:
    book = ExposureBook()
    async with container.infra.uow_factory()() as uow:
        for stored in await uow.fills.strategy_fills():
            fill = stored.fill
            book.filled(stored.strategy_id, fill.instrument_key, fill.signed_quantity, fill.price)
    return book


async def totals_and_inverse(container: ApplicationContainer) -> ExposureBook:
    book = ExposureBook()
    async with container.infra.uow_factory()() as uow:
        book.restore_strategies(*await stored_strategy_fills(uow.fills))
    return book


async def bench(url: str, fills: int) -> None:
    container = build(url, pool_size=2)
    try:
        results = {}
        for name, way in (("every fill", every_fill), ("totals + inverse", totals_and_inverse)):
            start = time.perf_counter()
            results[name] = (await way(container), time.perf_counter() - start)
            print(f"{name:<17}: {results[name][1]:6.2f} s for {fills:,} stored fills")
        (old, old_s), (new, new_s) = results.values()
        same = all(
            old.filled_position(f"s{n}", key) == new.filled_position(f"s{n}", key)
            for n in range(4)
            for key in (LINEAR, INVERSE)
        )
        print(f"ratio: {old_s / new_s:.1f}x faster; the same positions: {same}")
    finally:
        await container.infra.database().close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fills", type=int, default=200_000)
    parser.add_argument("--inverse-share", type=float, default=0.1)
    args = parser.parse_args()
    with database(None) as url:
        upgrade(url)
        params = {"n": args.fills, "inverse": int(args.fills * args.inverse_share)}
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(ORDERS, params | {"inv": INVERSE, "lin": LINEAR})
            conn.execute(FILLS)
        asyncio.run(bench(url, args.fills))


if __name__ == "__main__":
    main()
