"""Uploads of tick tables through the ObjectStore port, one object per UTC day.

An existing day object is merged with (never replaced by) the import unless `replace`
is asked: see `day_merge`. Each object is written whole and then takes the old one's
place (a temp file renamed locally, a single upload on GCS), so a reader sees the old
day or the new one, never a part.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from adapters.importers.day_merge import MergeError, merge_day
from adapters.importers.object_paths import tick_data_path
from adapters.importers.parquet_bytes import UPSTREAM_LAYOUT, ParquetLayout, parquet_bytes
from ports.object_store import DataFormat, ObjectStore, StorageTarget
from ports.storage_errors import CorruptObject

_DAY_NS = 86_400 * 1_000_000_000


@attrs.frozen(kw_only=True)
class WrittenObject:
    """One object written: where, how many rows (and how many it had before), how many bytes."""

    target: StorageTarget
    path: str
    rows: int
    size_bytes: int
    previous_rows: int | None = None
    day: date | None = None


def upload_table(
    store: ObjectStore,
    target: StorageTarget,
    path: str,
    table: pa.Table,
    layout: ParquetLayout = UPSTREAM_LAYOUT,
    previous_rows: int | None = None,
) -> WrittenObject:
    data = parquet_bytes(table, layout)
    store.upload(target, path, data, DataFormat.BYTES)
    return WrittenObject(
        target=target,
        path=path,
        rows=table.num_rows,
        size_bytes=len(data),
        previous_rows=previous_rows,
    )


def read_stored(store: ObjectStore, target: StorageTarget, path: str) -> pa.Table | None:
    """The stored object as a table, or None when there is none."""
    if not store.exists(target, path):
        return None
    data = store.download(target, path, DataFormat.BYTES)
    try:
        return pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError) as error:
        bucket = store.buckets[target] if hasattr(store, "buckets") else target.value
        where = store.location(target, path) if hasattr(store, "location") else None
        raise CorruptObject(
            target.value, bucket, path, f"not parquet: {error}", location=where
        ) from None


def upload_tick_days(
    store: ObjectStore,
    data_type: str,
    instrument_key: str,
    table: pa.Table,
    layout: ParquetLayout = UPSTREAM_LAYOUT,
    *,
    replace: bool = False,
) -> list[WrittenObject]:
    """A table sorted by `ts_event`, cut at UTC midnights, each day merged into the stored one."""
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
        stored = None if replace else read_stored(store, StorageTarget.MARKET_DATA, path)
        try:  # with nothing stored, this drops what overlapping source files repeat
            rows = merge_day(
                data_type, rows.schema.empty_table() if stored is None else stored, rows
            )
        except MergeError as error:
            raise MergeError(f"{path}: {error}; import with --replace to overwrite") from None
        previous = None if stored is None else stored.num_rows
        target = StorageTarget.MARKET_DATA
        result = upload_table(store, target, path, rows, layout, previous)
        written.append(attrs.evolve(result, day=day))
    return written
