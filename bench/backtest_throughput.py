"""Trade ticks per second: the whole backtest pipeline versus a bare BacktestEngine.

Both runs simulate the sample day's full-day files of the same listings, converted from
the same in-memory tables hour by hour (conversion counted in both). The pipeline adds
the signal strategy (managed books, risk, routing), the three execution algorithms,
equity sampling and the run records; the bare engine has the same venues and
instruments and no strategy at all.

Run: .venv/bin/python -m bench.backtest_throughput [--scale 1.0] [--seed 7] [--dir DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from adapters.nautilus.config import NautilusBacktestConfig
from adapters.nautilus.engine import NautilusBacktestEngine
from adapters.nautilus.market import TickFeed, run_engine, simulated_market
from bench.signal_vs_full_day import full_day_plan, full_day_tables, hourly, sample_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", type=Path, default=Path("var/bench"))
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    store = sample_store(args.dir, args.scale, args.seed)
    plan = full_day_plan(store)
    tables = full_day_tables(store, plan)
    start_ns, end_ns = plan.setup.windows[0].start_ns, plan.setup.windows[-1].end_ns

    bare_s, pipeline_s = [], []
    for _ in range(args.rounds):  # alternate, keep the best of each: the host is shared
        market = simulated_market(plan.setup, NautilusBacktestConfig())
        feed = TickFeed(market.catalog)
        started = time.perf_counter()
        market.engine.add_data_iterator("windows", feed(hourly(tables)))
        run_engine(market.engine, start_ns, end_ns)
        bare_s.append(time.perf_counter() - started)
        market.engine.dispose()

        engine = NautilusBacktestEngine()
        started = time.perf_counter()
        records = engine.run(plan.setup, hourly(tables))
        pipeline_s.append(time.perf_counter() - started)
    bare_rate = feed.trade_ticks / min(bare_s)
    pipeline_rate = engine.trade_ticks / min(pipeline_s)

    print(f"{feed.trade_ticks:,} trade ticks of {len(tables['trades'])} listings, one day")
    print(f"bare BacktestEngine : {min(bare_s):7.2f} s  {bare_rate:10,.0f} trade ticks/s")
    print(
        f"full pipeline       : {min(pipeline_s):7.2f} s  {pipeline_rate:10,.0f} trade ticks/s "
        f"({len(records.orders)} orders, {len(records.fills)} fills, "
        f"{len(records.equity)} equity samples)"
    )
    print(f"ratio pipeline / bare: {pipeline_rate / bare_rate:.3f} (target >= 0.85)")
    print(f"all rounds (s): bare {bare_s}, pipeline {pipeline_s}")


if __name__ == "__main__":
    main()
