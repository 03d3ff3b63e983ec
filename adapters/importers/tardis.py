"""Tardis CSV (trades, quotes, book_snapshot_5) into CONTRACTS trades and book_snapshot_5 tables.

Timestamps are microseconds in Tardis: `timestamp` (exchange) becomes `ts_event` and
`local_timestamp` (collector) becomes `ts_init`, both in ns. Trade `side` is the aggressor:
buy -> 1, sell -> 2; CONTRACTS has no code for Tardis's `unknown`, so a file with such
trades is refused rather than imported with a made-up side. A quotes file becomes a
book_snapshot_5 table with level 0 only: levels 1-4 are null (absent, never zero), as is a
side Tardis left empty. A `derivative_ticker` file gives one funding row per settlement.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from adapters.importers.errors import ImportFormatError
from adapters.importers.funding import settlements
from adapters.importers.tick_tables import (
    BOOK_LEVELS,
    BUYER,
    SELLER,
    book_table,
    trades_table,
)
from adapters.importers.venue_keys import tardis_key
from domain.errors import InvalidInstrumentKey

_HEAD = {"exchange": pa.string(), "symbol": pa.string()}
_TIMES = {"timestamp": pa.int64(), "local_timestamp": pa.int64()}
_TRADES = {**_HEAD, **_TIMES, "id": pa.string(), "side": pa.string()}
_TRADES |= {"price": pa.float64(), "amount": pa.float64()}
_QUOTES = {**_HEAD, **_TIMES}
_QUOTES |= {name: pa.float64() for name in ("ask_amount", "ask_price", "bid_price", "bid_amount")}
_BOOK = {**_HEAD, **_TIMES}
_BOOK |= {
    f"{side}[{level}].{what}": pa.float64()
    for side in ("asks", "bids")
    for level in range(BOOK_LEVELS)
    for what in ("price", "amount")
}
_FUNDING = {**_HEAD, **_TIMES, "funding_timestamp": pa.int64()}
_FUNDING |= {"funding_rate": pa.float64(), "mark_price": pa.float64()}
_SIDES = {"buy": BUYER, "sell": SELLER}
KINDS = ("trades", "quotes", "book_snapshot_5", "derivative_ticker")


def detect_kind(path: Path) -> str:
    """One of `KINDS`, from the CSV header."""
    columns = set(_header(path))
    for kind, required in zip(KINDS, (_TRADES, _QUOTES, _BOOK, _FUNDING), strict=True):
        if set(required) <= columns:
            return kind
    raise ImportFormatError(str(path), f"not a Tardis CSV header of one of {', '.join(KINDS)}")


def read_tardis(path: Path, kind: str, *, instrument_key: str | None = None) -> dict[str, pa.Table]:
    """Tables per instrument key; quotes and book snapshots both give book_snapshot_5 tables,
    derivative tickers give funding settlements."""
    readers = {
        "trades": read_trades,
        "quotes": read_quotes,
        "book_snapshot_5": read_book_snapshot_5,
        "derivative_ticker": read_derivative_ticker,
    }
    return readers[kind](path, instrument_key=instrument_key)


def read_trades(path: Path, *, instrument_key: str | None = None) -> dict[str, pa.Table]:
    """One CONTRACTS trades table per instrument found in a Tardis `trades` CSV."""
    tables = {}
    for key, rows in per_instrument(path, read_csv_columns(path, _TRADES), instrument_key):
        sides = rows.column("side").to_numpy(zero_copy_only=False)
        unknown = set(np.unique(sides)) - set(_SIDES)
        if unknown:
            raise ImportFormatError(
                str(path), f"column side: values {sorted(unknown)}; only buy and sell aggressors"
            )
        aggressor = np.zeros(len(sides), dtype=np.int8)
        for name, code in _SIDES.items():
            aggressor[sides == name] = code
        tables[key] = trades_table(
            key,
            price=_floats(rows, "price"),
            size=_floats(rows, "amount"),
            aggressor_side=aggressor,
            trade_id=rows.column("id").combine_chunks(),
            **_timestamps(rows),
        )
    return tables


def read_quotes(path: Path, *, instrument_key: str | None = None) -> dict[str, pa.Table]:
    """One book_snapshot_5 table (level 0 only) per instrument in a Tardis `quotes` CSV."""
    tables = {}
    for key, rows in per_instrument(path, read_csv_columns(path, _QUOTES), instrument_key):
        absent = np.full((rows.num_rows, BOOK_LEVELS), np.nan)
        levels = {}
        for name in ("bid_price", "bid_amount", "ask_price", "ask_amount"):
            levels[name] = absent.copy()
            levels[name][:, 0] = _floats(rows, name)
        tables[key] = book_table(
            key,
            bid_price=levels["bid_price"],
            bid_size=levels["bid_amount"],
            ask_price=levels["ask_price"],
            ask_size=levels["ask_amount"],
            **_timestamps(rows),
        )
    return tables


def read_book_snapshot_5(path: Path, *, instrument_key: str | None = None) -> dict[str, pa.Table]:
    """One book_snapshot_5 table per instrument in a Tardis `book_snapshot_5` (or deeper) CSV."""
    tables = {}
    for key, rows in per_instrument(path, read_csv_columns(path, _BOOK), instrument_key):
        tables[key] = book_table(
            key,
            bid_price=_levels(rows, "bids", "price"),
            bid_size=_levels(rows, "bids", "amount"),
            ask_price=_levels(rows, "asks", "price"),
            ask_size=_levels(rows, "asks", "amount"),
            **_timestamps(rows),
        )
    return tables


def read_derivative_ticker(path: Path, *, instrument_key: str | None = None) -> dict[str, pa.Table]:
    """Funding settlements per instrument of a Tardis `derivative_ticker` CSV (see `funding`)."""
    tables = {}
    for key, rows in per_instrument(path, read_csv_columns(path, _FUNDING), instrument_key):
        known = pc.and_(
            pc.is_valid(rows.column("funding_timestamp")),
            pc.and_(
                pc.is_valid(rows.column("funding_rate")), pc.is_valid(rows.column("mark_price"))
            ),
        )
        rows = rows.filter(known)
        tables[key] = settlements(
            key,
            ts=rows.column("timestamp").to_numpy() * 1_000,
            funding_time=rows.column("funding_timestamp").to_numpy() * 1_000,
            rate=_floats(rows, "funding_rate"),
            mark=_floats(rows, "mark_price"),
        )
    return tables


def _header(path: Path) -> list[str]:
    try:
        return pcsv.open_csv(path).schema.names
    except FileNotFoundError:
        raise ImportFormatError(str(path), "no such file") from None
    except (pa.ArrowInvalid, OSError) as error:
        raise ImportFormatError(str(path), f"not a readable CSV file: {error}") from None


def read_csv_columns(path: Path, required: dict[str, pa.DataType]) -> pa.Table:
    columns = _header(path)
    missing = [name for name in required if name not in columns]
    if missing:
        raise ImportFormatError(str(path), f"missing columns {missing}")
    options = pcsv.ConvertOptions(column_types=required, include_columns=list(required))
    try:
        table = pcsv.read_csv(path, convert_options=options)
    except pa.ArrowInvalid as error:
        raise ImportFormatError(str(path), f"bad value: {error}") from None
    if table.num_rows == 0:
        raise ImportFormatError(str(path), "no data rows")
    for name in ("symbol", *_TIMES):
        if table.column(name).null_count:
            raise ImportFormatError(str(path), f"column {name}: empty values")
    return table


def per_instrument(
    path: Path, table: pa.Table, instrument_key: str | None
) -> Iterator[tuple[str, pa.Table]]:
    pairs = table.group_by(["exchange", "symbol"]).aggregate([]).to_pylist()
    if instrument_key is not None and len(pairs) > 1:
        raise ImportFormatError(str(path), f"{len(pairs)} symbols; --instrument-key needs one")
    for pair in pairs:
        exchange, symbol = pair["exchange"], pair["symbol"]
        try:
            key = instrument_key or tardis_key(exchange, symbol)
        except InvalidInstrumentKey as error:
            raise ImportFormatError(str(path), str(error)) from None
        match = pc.and_(
            pc.equal(table.column("exchange"), exchange), pc.equal(table.column("symbol"), symbol)
        )
        yield key, table.filter(match)


def _floats(rows: pa.Table, name: str) -> np.ndarray:
    return rows.column(name).to_numpy().astype(np.float64, copy=False)


def _levels(rows: pa.Table, side: str, what: str) -> np.ndarray:
    names = [f"{side}[{level}].{what}" for level in range(BOOK_LEVELS)]
    return np.column_stack([_floats(rows, name) for name in names])


def _timestamps(rows: pa.Table) -> dict[str, np.ndarray]:
    return {
        "ts_event": rows.column("timestamp").to_numpy() * 1_000,
        "ts_init": rows.column("local_timestamp").to_numpy() * 1_000,
    }
