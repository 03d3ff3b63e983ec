"""Streams only the planned windows of tick data (across midnight too) and reports the I/O
against full-day files."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

import attrs
import pyarrow as pa

from adapters.datasets.table_checks import check_columns, check_instrument_keys, check_no_nulls
from adapters.datasets.ticks import TickReader, check_ticks
from adapters.importers.object_paths import BOOK_SNAPSHOT_5, TRADES, day_prefix, tick_data_path
from application.signals.windows import LoadWindow
from ports.object_store import DataFormat, IoCounters, ObjectStore, StorageTarget
from ports.tick_windows import FundingRate

FUNDING = "funding"
FUNDING_SCHEMA = pa.schema(
    [
        ("instrument_key", pa.string()),
        ("ts_event", pa.int64()),
        ("funding_rate", pa.float64()),
        ("mark_price", pa.float64()),
    ]
)


def funding_path(day: date, instrument_key: str) -> str:
    """In `StorageTarget.MARKET_DATA`, beside the day's trades and books."""
    return f"raw_tick_data/by_date/{day_prefix(day)}/data_type-{FUNDING}/{instrument_key}.parquet"


@attrs.frozen(kw_only=True)
class WindowTicks:
    """The rows of one data type inside one window."""

    window: LoadWindow
    data_type: str
    table: pa.Table = attrs.field(eq=False, repr=False)


@attrs.frozen(kw_only=True)
class WindowedLoadReport:
    """What the windows cost compared with downloading the same instruments' full days."""

    windows: int
    rows: int
    bytes_read: int
    requests: int
    metadata_requests: int
    bytes_full_day: int
    wall_time_s: float

    @property
    def io_reduction_pct(self) -> float:
        if not self.bytes_full_day:
            return 0.0
        return 100.0 * (1.0 - self.bytes_read / self.bytes_full_day)


@attrs.frozen(kw_only=True)
class WindowedLoad:
    ticks: tuple[WindowTicks, ...]
    report: WindowedLoadReport


class WindowedTickLoader:
    """`load(day, windows)`: each window of each data type through `download_streaming`."""

    def __init__(
        self,
        store: ObjectStore,
        data_types: Sequence[str] = (TRADES, BOOK_SNAPSHOT_5),
        columns: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self._store = store
        self._data_types = tuple(data_types)
        self._columns = dict(columns or {})

    def full_day_bytes(self, day: date, windows: Iterable[LoadWindow]) -> int:
        keys = sorted({window.instrument_key for window in windows})
        return sum(
            self._store.size(StorageTarget.MARKET_DATA, tick_data_path(day, data_type, key))
            for key in keys
            for data_type in self._data_types
        )

    def stream(self, day: date, windows: Iterable[LoadWindow]) -> Iterator[WindowTicks]:
        for window in windows:
            for data_type in self._data_types:
                path = tick_data_path(day, data_type, window.instrument_key)
                table = self._store.download_streaming(
                    StorageTarget.MARKET_DATA,
                    path,
                    (window.start_ns, window.end_ns),
                    columns=self._columns.get(data_type),
                )
                check_ticks(table, data_type, window.instrument_key, path)
                yield WindowTicks(window=window, data_type=data_type, table=table)

    def load(self, day: date, windows: Sequence[LoadWindow]) -> WindowedLoad:
        full_day = self.full_day_bytes(day, windows)
        before, started = self._store.counters, time.perf_counter()
        ticks = tuple(self.stream(day, windows))
        spent: IoCounters = self._store.counters - before
        report = WindowedLoadReport(
            windows=len(windows),
            rows=sum(t.table.num_rows for t in ticks),
            bytes_read=spent.bytes_read,
            requests=spent.read_requests,
            metadata_requests=spent.metadata_requests,
            bytes_full_day=full_day,
            wall_time_s=time.perf_counter() - started,
        )
        return WindowedLoad(ticks=ticks, report=report)


DAY_NS = 86_400 * 1_000_000_000


def day_start_ns(day: date) -> int:
    return (day - date(1970, 1, 1)).days * DAY_NS


class DayCrossingTicks:
    """The `TickWindows` port: windowed reads that continue across midnight into the next
    days' files (each day read for its part of the window, the parts concatenated in time
    order), whole-day reads, and the full-day sizes I/O is compared with."""

    def __init__(self, store: ObjectStore) -> None:
        self._store = store
        self._reader = TickReader(store)
        self._loader = WindowedTickLoader(store)

    def read(
        self,
        day: date,
        data_type: str,
        instrument_key: str,
        window: tuple[int, int] | None = None,
        columns: Sequence[str] | None = None,
    ) -> pa.Table:
        if window is None:
            return self._reader.read(day, data_type, instrument_key, None, columns)
        start, end = window
        parts, current = [], day
        while True:
            begins = day_start_ns(current)
            part = (max(start, begins), min(end, begins + DAY_NS))
            parts.append(self._reader.read(current, data_type, instrument_key, part, columns))
            if end <= begins + DAY_NS:
                break
            current += timedelta(days=1)
        return parts[0] if len(parts) == 1 else pa.concat_tables(parts)

    def has_day(self, day: date, instrument_key: str) -> bool:
        return self._store.exists(
            StorageTarget.MARKET_DATA, tick_data_path(day, TRADES, instrument_key)
        )

    def funding_rates(self, day: date, instrument_key: str) -> list[FundingRate]:
        """Rows of `data_type-funding/{instrument_key}.parquet` (columns `instrument_key,
        ts_event, funding_rate, mark_price`), one per settlement; none without the file."""
        path = funding_path(day, instrument_key)
        if not self._store.exists(StorageTarget.MARKET_DATA, path):
            return []
        table = self._store.download(StorageTarget.MARKET_DATA, path, DataFormat.PARQUET)
        check_columns(table, FUNDING_SCHEMA, path)
        check_no_nulls(table, list(FUNDING_SCHEMA.names), path)
        check_instrument_keys(table, path, expected=instrument_key)
        rows = sorted(table.select(FUNDING_SCHEMA.names).to_pylist(), key=lambda r: r["ts_event"])
        return [
            FundingRate(
                instrument_key=instrument_key,
                ts_event=int(row["ts_event"]),
                funding_rate=Decimal(repr(row["funding_rate"])),
                mark_price=Decimal(repr(row["mark_price"])),
            )
            for row in rows
        ]

    def full_day_bytes(self, day: date, windows: Iterable[LoadWindow]) -> int:
        return self._loader.full_day_bytes(day, windows)
