"""Trades and book_snapshot_5 of one instrument and day, whole or one time window, validated."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pyarrow as pa

from adapters.datasets.table_checks import (
    check_columns,
    check_instrument_keys,
    check_no_nulls,
    check_sorted,
    check_unique,
    check_values_in,
)
from adapters.importers.object_paths import BOOK_SNAPSHOT_5, TRADES, tick_data_path
from adapters.importers.tick_tables import BOOK_SNAPSHOT_5_SCHEMA, TRADES_SCHEMA
from ports.object_store import DataFormat, ObjectStore, StorageTarget

TICK_SCHEMAS = {TRADES: TRADES_SCHEMA, BOOK_SNAPSHOT_5: BOOK_SNAPSHOT_5_SCHEMA}


def check_ticks(table: pa.Table, data_type: str, instrument_key: str, path: str) -> None:
    """CONTRACTS §2 rules on the columns present (a projection is checked on what it kept)."""
    expected = TICK_SCHEMAS[data_type]
    kept = pa.schema([field for field in expected if field.name in table.column_names])
    check_columns(table, kept if kept.names else expected, path)
    check_no_nulls(table, [n for n in ("ts_event", "ts_init", "trade_id") if n in kept.names], path)
    if "ts_event" in kept.names:
        check_sorted(table, "ts_event", path)
    if "instrument_key" in kept.names:
        check_instrument_keys(table, path, expected=instrument_key)
    if data_type == TRADES and "trade_id" in kept.names:
        check_unique(table, "trade_id", path)
    if data_type == TRADES and "aggressor_side" in kept.names:
        check_values_in(table, "aggressor_side", (1, 2), path)


class TickReader:
    """Reads tick files through the store; a whole day or only `[start_ns, end_ns)`."""

    def __init__(self, store: ObjectStore) -> None:
        self._store = store

    def read(
        self,
        day: date,
        data_type: str,
        instrument_key: str,
        window: tuple[int, int] | None = None,
        columns: Sequence[str] | None = None,
    ) -> pa.Table:
        path = tick_data_path(day, data_type, instrument_key)
        if window is None:
            table = self._store.download(StorageTarget.MARKET_DATA, path, DataFormat.PARQUET)
            check_columns(table, TICK_SCHEMAS[data_type], path)
            table = table.select(list(columns)) if columns is not None else table
        else:
            table = self._store.download_streaming(
                StorageTarget.MARKET_DATA, path, window, columns=columns
            )
        check_ticks(table, data_type, instrument_key, path)
        return table

    def trades(self, day: date, instrument_key: str, **options) -> pa.Table:
        return self.read(day, TRADES, instrument_key, **options)

    def book_snapshots(self, day: date, instrument_key: str, **options) -> pa.Table:
        return self.read(day, BOOK_SNAPSHOT_5, instrument_key, **options)
