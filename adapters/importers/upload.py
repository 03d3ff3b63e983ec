"""Uploads of tick tables through the ObjectStore port, one object per UTC day."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import numpy as np
import pyarrow as pa

from adapters.importers.object_paths import tick_data_path
from adapters.importers.parquet_bytes import UPSTREAM_LAYOUT, ParquetLayout, parquet_bytes
from ports.object_store import DataFormat, ObjectStore, StorageTarget

_DAY_NS = 86_400 * 1_000_000_000


@attrs.frozen(kw_only=True)
class WrittenObject:
    """One object written: where, how many rows, how many bytes."""

    target: StorageTarget
    path: str
    rows: int
    size_bytes: int


def upload_table(
    store: ObjectStore,
    target: StorageTarget,
    path: str,
    table: pa.Table,
    layout: ParquetLayout = UPSTREAM_LAYOUT,
) -> WrittenObject:
    data = parquet_bytes(table, layout)
    store.upload(target, path, data, DataFormat.BYTES)
    return WrittenObject(target=target, path=path, rows=table.num_rows, size_bytes=len(data))


def upload_tick_days(
    store: ObjectStore,
    data_type: str,
    instrument_key: str,
    table: pa.Table,
    layout: ParquetLayout = UPSTREAM_LAYOUT,
) -> list[WrittenObject]:
    """A table sorted by `ts_event`, cut at UTC midnights; an existing day file is replaced."""
    ts = table.column("ts_event").to_numpy()
    if len(ts) == 0:
        return []
    days = np.unique(ts // _DAY_NS)
    bounds = np.searchsorted(ts, np.append(days, days[-1] + 1) * _DAY_NS)
    written = []
    for index, day_number in enumerate(days):
        rows = table.slice(int(bounds[index]), int(bounds[index + 1] - bounds[index]))
        day = datetime.fromtimestamp(int(day_number) * 86_400, tz=UTC).date()
        path = tick_data_path(day, data_type, instrument_key)
        written.append(upload_table(store, StorageTarget.MARKET_DATA, path, rows, layout))
    return written
