"""A stand-in realistic day for the I/O bench when adapters.sample_day is not available."""

from __future__ import annotations

from datetime import date

import numpy as np

from adapters.importers.object_paths import instruments_path, signals_path, tick_data_path
from adapters.importers.parquet_bytes import parquet_bytes
from adapters.sample_day.instruments import SAMPLE_INSTRUMENTS, instruments_table
from ports.object_store import DataFormat, ObjectStore, StorageTarget
from tests.data_plane.builders import BTC_PERP, DAY_NS, book_table, signals_table, trades_table

SIGNALS, DIRECTION_CHANGES = 29, 17


def synthetic_signals(start_ns: int, seed: int) -> list[dict[str, object]]:
    """29 signals on BTC, 17 of which flip direction; the others resize or repeat a target."""
    rng = np.random.default_rng(seed)
    times = np.sort(rng.choice(np.arange(1, 24 * 12 - 1), SIGNALS, replace=False)) * 300 * 10**9
    flips = set(rng.choice(np.arange(1, SIGNALS), DIRECTION_CHANGES - 1, replace=False)) | {0}
    rows, side, size = [], 1, 0.5
    for n, offset in enumerate(times):
        if n in flips:
            side = -side if n else 1
        else:
            size = float(rng.choice([size, 0.25, 0.75]))
        rows.append(
            {
                "signal_id": f"syn-{n:03d}",
                "strategy_id": "synthetic-v1",
                "instrument_key": BTC_PERP,
                "ts_event": start_ns + int(offset),
                "direction": side,
                "target_quantity": side * size,
            }
        )
    return rows


def write_synthetic_day(store: ObjectStore, day: date, seed: int) -> None:
    start_ns = int(np.datetime64(day, "ns").astype(np.int64))
    trades = trades_table(3_000_000, seed=seed, start_ns=start_ns)
    assert trades.column("ts_event").to_numpy().max() < start_ns + DAY_NS
    for data_type, table in (("trades", trades), ("book_snapshot_5", book_table(86_400))):
        path = tick_data_path(day, data_type, BTC_PERP)
        store.upload(StorageTarget.MARKET_DATA, path, parquet_bytes(table), DataFormat.BYTES)
    listing = instruments_table(day, SAMPLE_INSTRUMENTS[:1])
    store.upload(StorageTarget.INSTRUMENTS, instruments_path(day), listing, DataFormat.PARQUET)
    signals = signals_table(synthetic_signals(start_ns, seed))
    store.upload(
        StorageTarget.SIGNALS, signals_path(day, "synthetic-v1"), signals, DataFormat.PARQUET
    )
