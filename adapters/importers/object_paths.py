"""Object names of the CONTRACTS §2 inputs, and which bucket each lives in."""

from __future__ import annotations

from datetime import date

TRADES = "trades"
BOOK_SNAPSHOT_5 = "book_snapshot_5"
FUNDING = "funding"
TICK_DATA_TYPES = (TRADES, BOOK_SNAPSHOT_5, FUNDING)


def day_prefix(day: date) -> str:
    return f"day-{day.isoformat()}"


def instruments_path(day: date) -> str:
    """In `StorageTarget.INSTRUMENTS`."""
    return f"instrument_availability/by_date/{day_prefix(day)}/instruments.parquet"


def tick_data_path(day: date, data_type: str, instrument_key: str) -> str:
    """In `StorageTarget.MARKET_DATA`; the key goes verbatim into the object name."""
    if data_type not in TICK_DATA_TYPES:
        raise ValueError(f"unknown tick data type {data_type!r}; expected one of {TICK_DATA_TYPES}")
    return f"raw_tick_data/by_date/{day_prefix(day)}/data_type-{data_type}/{instrument_key}.parquet"


def signals_path(day: date, strategy_id: str) -> str:
    """In `StorageTarget.SIGNALS`."""
    return f"signals/by_date/{day_prefix(day)}/{strategy_id}.parquet"
