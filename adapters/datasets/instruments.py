"""The instruments file of a day, validated and mapped to domain Instruments."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from adapters.datasets.errors import DatasetError
from adapters.datasets.table_checks import (
    check_columns,
    check_instrument_keys,
    check_no_nulls,
    check_unique,
)
from adapters.importers.object_paths import instruments_path
from adapters.sample_day.instruments import INSTRUMENTS_SCHEMA
from domain.instrument import Instrument
from domain.instrument_key import InstrumentKey, InstrumentType
from ports.object_store import DataFormat, ObjectStore, StorageTarget


def to_decimal(value: float) -> Decimal:
    """The float as written (its shortest repr), not its binary expansion."""
    return Decimal(repr(value))


class InstrumentsReader:
    """`read(day)`: every instrument listed for that day."""

    def __init__(self, store: ObjectStore) -> None:
        self._store = store

    def read(self, day: date) -> list[Instrument]:
        path = instruments_path(day)
        table = self._store.download(StorageTarget.INSTRUMENTS, path, DataFormat.PARQUET)
        check_columns(table, INSTRUMENTS_SCHEMA, path)
        check_no_nulls(table, INSTRUMENTS_SCHEMA.names, path)
        check_instrument_keys(table, path)
        check_unique(table, "instrument_key", path)
        return [
            _instrument(row, path) for row in table.select(INSTRUMENTS_SCHEMA.names).to_pylist()
        ]


def _instrument(row: dict, path: str) -> Instrument:
    key = InstrumentKey.parse(row["instrument_key"])
    if key.venue != row["venue"] or key.instrument_type.value != row["instrument_type"]:
        raise DatasetError(path, f"{row['instrument_key']}: venue or type disagree with the key")
    for name in ("tick_size", "min_size", "contract_size"):
        if not row[name] > 0:
            raise DatasetError(path, f"{row['instrument_key']}: {name} must be positive")
    return Instrument(
        key=key,
        venue=row["venue"],
        instrument_type=InstrumentType(row["instrument_type"]),
        symbol=row["symbol"],
        base_asset=row["base_asset"],
        quote_asset=row["quote_asset"],
        settle_asset=row["settle_asset"],
        tick_size=to_decimal(row["tick_size"]),
        min_size=to_decimal(row["min_size"]),
        contract_size=to_decimal(row["contract_size"]),
        inverse=bool(row["inverse"]),
        available_from=_utc(row["available_from_datetime"]),
        available_to=_utc(row["available_to_datetime"]),
        data_types=frozenset(t.strip() for t in row["data_types"].split(",") if t.strip()),
    )


def _utc(moment: datetime) -> datetime:
    if hasattr(moment, "to_pydatetime"):  # pyarrow hands tz-aware ns values over as pandas
        moment = moment.to_pydatetime()
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
