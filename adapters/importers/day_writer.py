"""An import written into a store: tick objects per day merged in, then each day's listing."""

from __future__ import annotations

from datetime import date

import attrs
import pyarrow as pa

from adapters.importers.instrument_listing import RuleOverrides, update_listing
from adapters.importers.object_paths import BOOK_SNAPSHOT_5
from adapters.importers.parquet_bytes import BOOK_LAYOUT, UPSTREAM_LAYOUT
from adapters.importers.upload import WrittenObject, upload_tick_days
from ports.object_store import ObjectStore


@attrs.frozen(kw_only=True, eq=False)
class ImportedInstrument:
    """The tables one import gave for one instrument, by data type."""

    instrument_key: str
    symbol: str | None
    tables: dict[str, pa.Table]


def write_import(
    store: ObjectStore,
    imports: list[ImportedInstrument],
    *,
    replace: bool = False,
    overrides: RuleOverrides | None = None,
) -> list[WrittenObject]:
    """Every non-empty table, then the instruments file of every day written to."""
    written: list[WrittenObject] = []
    listed: dict[tuple[date, str], tuple[str | None, set[str]]] = {}
    for found in imports:
        for data_type, table in found.tables.items():
            if table.num_rows == 0:
                continue
            layout = BOOK_LAYOUT if data_type == BOOK_SNAPSHOT_5 else UPSTREAM_LAYOUT
            days = upload_tick_days(
                store, data_type, found.instrument_key, table, layout, replace=replace
            )
            written += days
            for day_object in days:
                if day_object.day is None:
                    continue
                entry = listed.setdefault(
                    (day_object.day, found.instrument_key), (found.symbol, set())
                )
                entry[1].add(data_type)
    for (day, key), (symbol, data_types) in sorted(listed.items()):
        written.append(
            update_listing(
                store, day, key, symbol=symbol, data_types=data_types, overrides=overrides
            )
        )
    return written
