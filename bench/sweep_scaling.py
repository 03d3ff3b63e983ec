"""Sweep scaling: a 16-run sweep on a local Ray with 1 and 2 workers, and Ray's per-run
overhead against the same runs done directly in one process (all in one run).

Run: .venv/bin/python -m bench.sweep_scaling [--scale 0.05] [--runs 16] [--dir DIR]
         [--full-scale]   (also one run of the full-size sample day, for the cost model)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from adapters.local.object_store import LocalObjectStore
from adapters.ray.config import RayConfig
from adapters.ray.sweep_executor import RaySweepExecutor
from adapters.sample_day.generator import generate_day
from application.sweeps import parse_sweep, plan_runs
from bootstrap.sweep_worker import run_sweep_point
from bootstrap.sweeps import complete_config, config_problems

DAY = date(2024, 3, 1)
CREATED = datetime(2024, 3, 5, tzinfo=UTC)


def sweep_runs(root: Path, count: int) -> list:
    fees = (("BINANCE-FUTURES", "0.0004"), ("BYBIT", "0.00055"), ("OKX", "0.0005"))
    raw = {
        "base_config": {
            "venues": [{"venue_id": v, "taker_fee": f} for v, f in fees],
            "storage": {"backend": "local", "local_root": str(root)},
            "backtest": {"dates": [DAY.isoformat()]},
        },
        "dates": [DAY.isoformat()],
        "axes": {"backtest.window_seconds": [240 + 5 * n for n in range(count)]},
    }
    return plan_runs(parse_sweep(raw, config_problems, complete_config), "SW-bench", CREATED)


def per_run(results: list) -> str:
    """Mean of what each run's summary.json says it read and took (the cost model's inputs)."""
    stats = [r.summary["execution_stats"] for r in results]
    n = len(stats)
    mean = {k: sum(s[k] for s in stats) / n for k in ("bytes_read", "windows_loaded", "signals")}
    wall = sum(s["wall_time_s"] for s in stats) / n
    return (
        f"{mean['signals']:.0f} signals, {mean['windows_loaded']:.0f} windows, "
        f"{mean['bytes_read'] / 1e6:.2f} MB read, engine wall {wall:.2f} s"
    )


def full_scale_run(root: Path) -> str:
    """One run of the full-size generated sample day (scale 1.0), done directly."""
    generate_day(LocalObjectStore(root), DAY, seed=7, scale=1.0)
    [run] = sweep_runs(root, 1)
    started = time.perf_counter()
    result = run_sweep_point(run)
    elapsed = time.perf_counter() - started
    assert result.status == "COMPLETED", result.error
    return f"{elapsed:.2f} s ({per_run([result])})"


def on_ray(runs: list, workers: int) -> tuple[float, float]:
    executor = RaySweepExecutor(run_sweep_point, RayConfig(workers=workers))
    started = time.perf_counter()
    assert executor.workers == workers
    up = time.perf_counter() - started
    list(executor.run(runs[:workers]))  # warm each worker (imports) before timing
    started = time.perf_counter()
    results = list(executor.run(runs))
    elapsed = time.perf_counter() - started
    executor.close()
    assert all(r.status == "COMPLETED" for r in results), [r.error for r in results]
    return up, elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--runs", type=int, default=16)
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--full-scale", action="store_true")
    args = parser.parse_args()
    root = args.dir or Path(tempfile.mkdtemp(prefix="sweep-bench-"))
    generate_day(LocalObjectStore(root), DAY, seed=7, scale=args.scale)
    runs = sweep_runs(root, args.runs)
    run_sweep_point(runs[0])  # warm imports in this process too
    started = time.perf_counter()
    direct = [run_sweep_point(run) for run in runs]
    direct_s = time.perf_counter() - started
    assert all(r.status == "COMPLETED" for r in direct)
    up1, one = on_ray(runs, 1)
    up2, two = on_ray(runs, 2)
    n = len(runs)
    print(f"{n} runs, sample day at scale {args.scale}")
    print(f"direct, one process : {direct_s:7.2f} s  ({direct_s / n:.3f} s/run)")
    print(f"per run             : {per_run(direct)}")
    print(f"ray, 1 worker       : {one:7.2f} s  ({one / n:.3f} s/run; start-up {up1:.1f} s)")
    print(f"ray, 2 workers      : {two:7.2f} s  ({two / n:.3f} s/run; start-up {up2:.1f} s)")
    print(f"speedup 2 vs 1 worker: {one / two:.2f}x (goal >= 1.7x)")
    print(
        f"ray per-run overhead vs direct: {100 * (one - direct_s) / direct_s:+.1f}% (goal <= 10%)"
    )
    if args.full_scale:
        full = Path(tempfile.mkdtemp(prefix="sweep-bench-full-"))
        print(f"one full-scale run, direct: {full_scale_run(full)}")


if __name__ == "__main__":
    main()
