"""Arrow schemas of the CONTRACTS §2 tick tables and their builders from column arrays."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

BOOK_LEVELS = 5
BUYER, SELLER = 1, 2

TRADES_SCHEMA = pa.schema(
    [
        ("instrument_key", pa.string()),
        ("price", pa.float64()),
        ("size", pa.float64()),
        ("aggressor_side", pa.int8()),
        ("trade_id", pa.string()),
        ("ts_event", pa.int64()),
        ("ts_init", pa.int64()),
    ]
)

BOOK_PRICE_COLUMNS = tuple(
    f"{side}_{what}_{level}"
    for side in ("bid", "ask")
    for what in ("price", "size")
    for level in range(BOOK_LEVELS)
)

BOOK_SNAPSHOT_5_SCHEMA = pa.schema(
    [("instrument_key", pa.string()), ("ts_event", pa.int64()), ("ts_init", pa.int64())]
    + [(name, pa.float64()) for name in BOOK_PRICE_COLUMNS]
)


def key_column(instrument_key: str, rows: int) -> pa.Array:
    """The same instrument key on every row, built without a Python list of `rows` strings."""
    indices = pa.array(np.zeros(rows, dtype=np.int8))
    return pa.DictionaryArray.from_arrays(indices, pa.array([instrument_key])).cast(pa.string())


def trades_table(
    instrument_key: str,
    *,
    price: np.ndarray,
    size: np.ndarray,
    aggressor_side: np.ndarray,
    trade_id: pa.Array,
    ts_event: np.ndarray,
    ts_init: np.ndarray,
) -> pa.Table:
    """A trades table in CONTRACTS order and types, stably sorted by `ts_event`."""
    columns = {
        "price": price,
        "size": size,
        "aggressor_side": aggressor_side,
        "trade_id": trade_id,
        "ts_event": ts_event,
        "ts_init": ts_init,
    }
    return _sorted_by_ts_event(keyed_table(TRADES_SCHEMA, instrument_key, columns))


def keyed_table(schema: pa.Schema, instrument_key: str, columns: dict) -> pa.Table:
    """`schema`'s table: its first column the key on every row, the others from `columns`."""
    rows = len(columns[schema.names[1]])
    arrays = [key_column(instrument_key, rows)]
    arrays += [pa.array(columns[field.name], field.type) for field in list(schema)[1:]]
    return pa.Table.from_arrays(arrays, schema=schema)


def book_table(
    instrument_key: str,
    *,
    ts_event: np.ndarray,
    ts_init: np.ndarray,
    bid_price: np.ndarray,
    bid_size: np.ndarray,
    ask_price: np.ndarray,
    ask_size: np.ndarray,
) -> pa.Table:
    """A book_snapshot_5 table from (rows, 5) level arrays; NaN marks an absent level (null)."""
    columns = [
        key_column(instrument_key, len(ts_event)),
        pa.array(ts_event, pa.int64()),
        pa.array(ts_init, pa.int64()),
    ]
    for levels in (bid_price, bid_size, ask_price, ask_size):
        levels = np.asarray(levels, dtype=np.float64).reshape(len(ts_event), BOOK_LEVELS)
        for level in range(BOOK_LEVELS):
            values = np.ascontiguousarray(levels[:, level])
            columns.append(pa.array(values, pa.float64(), mask=np.isnan(values)))
    return _sorted_by_ts_event(pa.Table.from_arrays(columns, schema=BOOK_SNAPSHOT_5_SCHEMA))


def _sorted_by_ts_event(table: pa.Table) -> pa.Table:
    ts = table.column("ts_event").to_numpy()
    if len(ts) < 2 or bool(np.all(ts[1:] >= ts[:-1])):
        return table
    return table.take(pa.array(np.argsort(ts, kind="stable")))
