"""The day's instruments.parquet written or updated by an import, so the day can be backtested.

Trading rules (tick size, min size, contract size) and listing dates come from a built-in
table of the supported venues' instruments (the sample day's listings), or from flags,
which win. A row already in the day's file keeps its rules unless flags are given; its
`data_types` gain what was imported, and other instruments' rows are left as they were.
"""

from __future__ import annotations

from datetime import date

import attrs
import pyarrow as pa

from adapters.importers.errors import ImportFormatError
from adapters.importers.object_paths import instruments_path
from adapters.importers.upload import WrittenObject, read_stored, upload_table
from adapters.sample_day.instruments import INSTRUMENTS_SCHEMA, SAMPLE_INSTRUMENTS, instrument_row
from domain.errors import InvalidInstrumentKey
from domain.instrument_key import InstrumentKey
from ports.object_store import ObjectStore, StorageTarget


@attrs.frozen(kw_only=True)
class RuleOverrides:
    """Trading rules given on the command line; None: from the table or the stored row."""

    tick_size: float | None = None
    min_size: float | None = None
    contract_size: float | None = None

    def values(self) -> tuple[float | None, float | None, float | None]:
        return self.tick_size, self.min_size, self.contract_size


@attrs.frozen(kw_only=True)
class Listing:
    """What the built-in table knows of one instrument."""

    symbol: str
    rules: tuple[float, float, float]
    listed: date


BUILT_IN: dict[str, Listing] = {
    i.key: Listing(
        symbol=i.symbol, rules=(i.tick_size, i.min_size, i.contract_size), listed=i.listed
    )
    for i in SAMPLE_INSTRUMENTS
}


def update_listing(
    store: ObjectStore,
    day: date,
    instrument_key: str,
    *,
    symbol: str | None,
    data_types: set[str],
    overrides: RuleOverrides | None = None,
) -> WrittenObject:
    """Add or update `instrument_key`'s row in the day's instruments file (`symbol`: the
    venue's, if the import knows it)."""
    try:
        key = InstrumentKey.parse(instrument_key)
    except InvalidInstrumentKey as error:
        raise ImportFormatError(instrument_key, str(error)) from None
    path = instruments_path(day)
    stored = read_stored(store, StorageTarget.INSTRUMENTS, path)
    rows = [] if stored is None else stored.select(INSTRUMENTS_SCHEMA.names).to_pylist()
    previous = next((row for row in rows if row["instrument_key"] == instrument_key), None)
    rules, listed, symbol = _facts(key, symbol, previous, overrides or RuleOverrides(), day)
    if previous is not None:
        data_types |= {t.strip() for t in previous["data_types"].split(",") if t.strip()}
    row = instrument_row(
        day,
        key,
        symbol=symbol,
        rules=rules,
        listed=listed,
        data_types=",".join(sorted(data_types)),
    )
    rows = [r for r in rows if r["instrument_key"] != instrument_key] + [row]
    rows.sort(key=lambda r: r["instrument_key"])
    table = pa.Table.from_pylist(rows, schema=INSTRUMENTS_SCHEMA)
    previous_rows = None if stored is None else stored.num_rows
    written = upload_table(
        store, StorageTarget.INSTRUMENTS, path, table, previous_rows=previous_rows
    )
    return attrs.evolve(written, day=day)


def _facts(
    key: InstrumentKey,
    symbol: str | None,
    previous: dict | None,
    overrides: RuleOverrides,
    day: date,
) -> tuple[tuple[float, float, float], date, str]:
    known = BUILT_IN.get(str(key))
    if previous is not None:
        base = (previous["tick_size"], previous["min_size"], previous["contract_size"])
        listed = previous["available_from_datetime"].date()
        symbol = previous["symbol"]
    elif known is not None:
        base, listed = known.rules, known.listed
        symbol = symbol or known.symbol
    else:
        base, listed = (None, None, None), day
    symbol = symbol or f"{key.base}{key.quote}"
    rules = tuple(o if o is not None else b for o, b in zip(overrides.values(), base, strict=True))
    missing = [
        flag
        for flag, value in zip(("--tick-size", "--min-size", "--contract-size"), rules, strict=True)
        if value is None
    ]
    if missing:
        raise ImportFormatError(
            str(key), f"no built-in trading rules for this instrument; give {', '.join(missing)}"
        )
    for flag, value in zip(("--tick-size", "--min-size", "--contract-size"), rules, strict=True):
        if not value > 0:
            raise ImportFormatError(str(key), f"{flag} must be positive, got {value}")
    return rules, min(listed, day), symbol  # type: ignore[return-value]
