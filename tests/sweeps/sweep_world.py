"""Two generated days in a local store, and sweep files over them."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from adapters.local.object_store import LocalObjectStore
from adapters.sample_day.generator import generate_day
from ports.object_store import DataFormat, ObjectStore, StorageTarget

DAYS = (date(2024, 3, 1), date(2024, 3, 2))
BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
ETH = "BINANCE-FUTURES:PERPETUAL:ETH-USDT@LIN"
SCALE = 0.01


def make_store(root: Path) -> LocalObjectStore:
    store = LocalObjectStore(root)
    for seed, day in enumerate(DAYS, start=7):
        generate_day(store, day, seed=seed, scale=SCALE)
    return store


def base_config(root: Path) -> dict[str, Any]:
    fees = (("BINANCE-FUTURES", "0.0004"), ("BYBIT", "0.00055"), ("OKX", "0.0005"))
    return {
        "venues": [{"venue_id": venue, "taker_fee": fee} for venue, fee in fees],
        "algorithms": {"TWAP": {"horizon_secs": 120, "interval_secs": 10}},
        "storage": {"backend": "local", "local_root": str(root)},
        "backtest": {"dates": [DAYS[0].isoformat()], "window_seconds": 300},
    }


def sweep_2x2x2(root: Path) -> dict[str, Any]:
    """2 days x 2 instruments x 2 windows: 8 runs."""
    return {
        "base_config": base_config(root),
        "dates": [{"from": DAYS[0].isoformat(), "to": DAYS[1].isoformat()}],
        "instruments": [BTC, ETH],
        "axes": {"backtest.window_seconds": [120, 300]},
        "retries": 1,
    }


def read_table(store: ObjectStore, path: str) -> Any:
    raw = store.download(StorageTarget.EXECUTION, path, DataFormat.BYTES)
    return pq.read_table(io.BytesIO(raw))
