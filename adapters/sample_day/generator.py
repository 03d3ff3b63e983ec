"""`generate_day`: a whole sample day written to an object store, reproducible from its seed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs
import numpy as np
import pyarrow as pa

from adapters.importers.object_paths import (
    BOOK_SNAPSHOT_5,
    TRADES,
    instruments_path,
    signals_path,
    tick_data_path,
)
from adapters.importers.parquet_bytes import BOOK_LAYOUT, UPSTREAM_LAYOUT
from adapters.importers.upload import WrittenObject, upload_table
from adapters.sample_day.books import snapshot_table
from adapters.sample_day.instruments import SAMPLE_INSTRUMENTS, SampleInstrument, instruments_table
from adapters.sample_day.market_path import GRID_MS, AssetDay, simulate_asset_day
from adapters.sample_day.signals import day_signals, direction_changes
from adapters.sample_day.trades import simulate_events, trades_from_events
from ports.object_store import ObjectStore, StorageTarget

MAX_BOOK_INTERVAL_MS = 60_000


@attrs.frozen(kw_only=True)
class DaySummary:
    """What a generated day holds and where it was written."""

    day: date
    seed: int
    scale: float
    trades: dict[str, int]
    book_snapshots: dict[str, int]
    book_interval_ms: int
    signals: int
    direction_changes: int
    objects: tuple[WrittenObject, ...]

    @property
    def total_bytes(self) -> int:
        return sum(written.size_bytes for written in self.objects)


def book_interval_ms(scale: float) -> int:
    """One snapshot a second at full scale, sparser on a scaled-down day (at most a minute)."""
    return int(min(MAX_BOOK_INTERVAL_MS, max(1_000, round(1_000 / scale))))


def generate_day(
    store: ObjectStore,
    day: date,
    seed: int,
    scale: float = 1.0,
    instruments: tuple[SampleInstrument, ...] = SAMPLE_INSTRUMENTS,
) -> DaySummary:
    """Trades and book_snapshot_5 per instrument, the instruments file and the signals."""
    if not 0 < scale <= 10:
        raise ValueError(f"scale must be in (0, 10], got {scale}")
    start_ns = int(datetime.combine(day, datetime.min.time(), tzinfo=UTC).timestamp()) * 10**9
    interval = book_interval_ms(scale)
    assets: dict[str, AssetDay] = {}
    for number, base in enumerate(sorted({i.parsed.base for i in instruments})):
        calibration = next(i.asset for i in instruments if i.parsed.base == base)
        assets[base] = simulate_asset_day(calibration, _rng(seed, 0, number))
    written: list[WrittenObject] = []
    trades: dict[str, int] = {}
    books: dict[str, int] = {}
    for number, instrument in enumerate(instruments):
        rng = _rng(seed, 1, number)
        count = max(1, round(instrument.trades_per_day * scale))
        events = simulate_events(instrument, assets[instrument.parsed.base], rng, count)
        first_id = int(rng.integers(10**9, 6 * 10**9))
        table = trades_from_events(instrument, events, rng, start_ns, first_id)
        book = snapshot_table(instrument, events, _rng(seed, 2, number), start_ns, interval)
        for data_type, rows, layout in (
            (TRADES, table, UPSTREAM_LAYOUT),
            (BOOK_SNAPSHOT_5, book, BOOK_LAYOUT),
        ):
            path = tick_data_path(day, data_type, instrument.key)
            written.append(upload_table(store, StorageTarget.MARKET_DATA, path, rows, layout))
        trades[instrument.key], books[instrument.key] = table.num_rows, book.num_rows
    listing = instruments_table(day, instruments)
    written.append(upload_table(store, StorageTarget.INSTRUMENTS, instruments_path(day), listing))
    by_key = {instrument.key: instrument for instrument in instruments}

    def price_at(key: str, ms: int) -> float:
        instrument = by_key[key]
        log_price = assets[instrument.parsed.base].log_price[ms // GRID_MS]
        return float(np.exp(log_price + instrument.basis_bps * 1e-4))

    signals = day_signals(day, start_ns, by_key, price_at, _rng(seed, 3, 0))
    for strategy_id, table in signals.items():
        path = signals_path(day, strategy_id)
        written.append(upload_table(store, StorageTarget.SIGNALS, path, table))
    return DaySummary(
        day=day,
        seed=seed,
        scale=scale,
        trades=trades,
        book_snapshots=books,
        book_interval_ms=interval,
        signals=sum(table.num_rows for table in signals.values()),
        direction_changes=direction_changes(pa.concat_tables(signals.values())),
        objects=tuple(written),
    )


def _rng(seed: int, stream: int, number: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, stream, number]))
