"""Signal-driven backtest of the sample day versus a backtest over the full day's files.

Both run the same signals through the same engine adapter (NautilusTrader, strategy, risk,
router, algorithms, records). The signal-driven run reads only the planned windows (the
planner's windows on every venue listing the instrument, only the columns simulated);
the full-day run downloads every file those listings have that day and simulates it all.

`--layout pyarrow` rewrites every tick file with `pyarrow.parquet.write_table` defaults
(~1M-row row groups, 20k-row pages, no page index), the way an upstream service writes them;
the signal-driven run then finds pages from their headers.

Run: .venv/bin/python -m bench.signal_vs_full_day [--scale 1.0] [--seed 7] [--dir DIR]
     [--layout project|pyarrow]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from adapters.datasets.ticks import TickReader
from adapters.importers.object_paths import instruments_path
from adapters.local.object_store import LocalObjectStore
from adapters.nautilus.engine import NautilusBacktestEngine
from adapters.sample_day.generator import generate_day
from adapters.system.clock import SystemClock
from application.backtest import BacktestCommand
from application.backtest.run_plan import RunPlan
from application.backtest.windows import DAY_NS, day_start_ns
from application.settings.schema import BacktestSettings, Settings, StorageSettings, VenueSettings
from bootstrap.containers.backtest_infra import build_run_backtest
from ports.backtest_engine import TimeWindow, WindowTicks
from ports.object_store import DataFormat, StorageTarget

DAY = date(2024, 3, 1)
HOUR_NS = 3_600 * 1_000_000_000
RUN_ID = "BT-20240301-000000-bench0"


def sample_store(
    directory: Path, scale: float, seed: int, layout: str = "project"
) -> LocalObjectStore:
    """The sample day in a local directory, generated once per (scale, seed, layout)."""
    root = directory / f"seed{seed}-scale{scale}"
    store = LocalObjectStore(root)
    if not store.exists(StorageTarget.INSTRUMENTS, instruments_path(DAY)):
        started = time.perf_counter()
        generate_day(store, DAY, seed=seed, scale=scale)
        print(f"generated the sample day into {root} in {time.perf_counter() - started:.1f} s")
    if layout == "pyarrow":
        root = directory / f"seed{seed}-scale{scale}-pyarrow"
        if not LocalObjectStore(root).exists(StorageTarget.INSTRUMENTS, instruments_path(DAY)):
            rewrite_with_pyarrow_defaults(store, LocalObjectStore(root))
    return LocalObjectStore(root)  # a fresh instance: nothing cached yet


def rewrite_with_pyarrow_defaults(source: LocalObjectStore, target: LocalObjectStore) -> None:
    """Every object copied; tick files rewritten by `pq.write_table(table, sink)`."""
    for storage_target in StorageTarget:
        for path in source.list(storage_target):
            data = source.download(storage_target, path, DataFormat.BYTES)
            if storage_target is StorageTarget.MARKET_DATA:
                sink = pa.BufferOutputStream()
                pq.write_table(pq.read_table(pa.BufferReader(data)), sink)
                data = sink.getvalue().to_pybytes()
            target.upload(storage_target, path, data, DataFormat.BYTES)


def bench_settings() -> Settings:
    fees = (("BINANCE-FUTURES", "0.0004"), ("BYBIT", "0.00055"), ("OKX", "0.0005"))
    return Settings(
        venues=[VenueSettings(venue_id=v, taker_fee=Decimal(fee)) for v, fee in fees],
        backtest=BacktestSettings(dates=[DAY.isoformat()]),
        storage=StorageSettings(backend="local"),
    )


def command() -> BacktestCommand:
    return BacktestCommand(run_id=RUN_ID, settings=bench_settings(), dates=[DAY])


def full_day_plan(store: LocalObjectStore) -> RunPlan:
    """The signal-driven plan, with one window: the whole day."""
    plan = build_run_backtest(store, SystemClock()).plan(command())
    start = day_start_ns(DAY)
    whole = (TimeWindow(start_ns=start, end_ns=start + DAY_NS),)
    return attrs.evolve(plan, setup=attrs.evolve(plan.setup, windows=whole))


def full_day_tables(store: LocalObjectStore, plan: RunPlan) -> dict[str, dict[str, pa.Table]]:
    """Every file of every listing the plan reads, downloaded whole."""
    reader = TickReader(store)
    keys = sorted({s.instrument_key for w in plan.windows for s in w.spans})
    return {
        data_type: {key: reader.read(DAY, data_type, key) for key in keys}
        for data_type in ("trades", "book_snapshot_5")
    }


def hourly(tables: dict[str, dict[str, pa.Table]]) -> Iterator[WindowTicks]:
    """The day's tables cut into hours (so only an hour of nautilus objects is alive)."""
    start = day_start_ns(DAY)
    for hour in range(24):
        lo, hi = start + hour * HOUR_NS, start + (hour + 1) * HOUR_NS
        cut = {
            data_type: {key: _between(table, lo, hi) for key, table in by_key.items()}
            for data_type, by_key in tables.items()
        }
        yield WindowTicks(
            index=hour,
            window=TimeWindow(start_ns=lo, end_ns=hi),
            trades=cut["trades"],
            books=cut["book_snapshot_5"],
        )


def _between(table: pa.Table, lo: int, hi: int) -> pa.Table:
    ts = table.column("ts_event").to_numpy()
    first, last = np.searchsorted(ts, [lo, hi])
    return table.slice(int(first), int(last - first))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", type=Path, default=Path("var/bench"))
    parser.add_argument("--layout", choices=("project", "pyarrow"), default="project")
    args = parser.parse_args()
    store = sample_store(args.dir, args.scale, args.seed, args.layout)

    started = time.perf_counter()
    signal_run = build_run_backtest(store, SystemClock())(command())
    signal_s = time.perf_counter() - started
    io = signal_run.io

    store = sample_store(args.dir, args.scale, args.seed, args.layout)
    started = time.perf_counter()
    plan = full_day_plan(store)
    tables = full_day_tables(store, plan)
    engine = NautilusBacktestEngine()
    full_run = engine.run(plan.setup, hourly(tables))
    full_s = time.perf_counter() - started
    full_bytes = store.counters.bytes_read

    print(
        f"sample day: scale {args.scale}, seed {args.seed}, {io.signals} signals, "
        f"layout {args.layout}"
    )
    print(f"{'':24}{'signal-driven':>16}{'full day':>16}")
    print(f"{'wall time (s)':24}{signal_s:16.2f}{full_s:16.2f}")
    print(f"{'bytes read':24}{io.bytes_read:16,}{full_bytes:16,}")
    print(f"{'trade ticks simulated':24}{'':>16}{engine.trade_ticks:16,}")
    print(f"{'orders / fills':24}{len(signal_run.orders):>10} / {len(signal_run.fills):<3}"
          f"{len(full_run.orders):>10} / {len(full_run.fills):<3}")  # fmt: skip
    print(f"speed-up: {full_s / signal_s:.1f}x (target >= 10x)")
    print(
        f"I/O reduction: {100 * (1 - io.bytes_read / full_bytes):.1f}% of the bytes the full-day "
        f"run read; run's own io_reduction_pct {float(io.io_reduction_pct):.1f}% "
        f"({io.windows_loaded} listing windows; target >= 94%)"
    )


if __name__ == "__main__":
    main()
