"""Schema and content checks shared by the readers; each failure names the file and the rule."""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from adapters.datasets.errors import DatasetError
from domain.errors import InvalidInstrumentKey
from domain.instrument_key import InstrumentKey


def _compatible(actual: pa.DataType, expected: pa.DataType) -> bool:
    if pa.types.is_dictionary(actual):
        actual = actual.value_type
    if pa.types.is_string(expected):
        return pa.types.is_string(actual) or pa.types.is_large_string(actual)
    if pa.types.is_timestamp(expected):
        return pa.types.is_timestamp(actual)
    return actual.equals(expected)


def check_columns(table: pa.Table, expected: pa.Schema, path: str) -> None:
    """Every expected column present (extra ones ignored) with a compatible type."""
    missing = [name for name in expected.names if name not in table.column_names]
    if missing:
        raise DatasetError(path, f"missing column(s) {', '.join(missing)}")
    wrong = [
        f"{field.name} is {table.schema.field(field.name).type}, expected {field.type}"
        for field in expected
        if not _compatible(table.schema.field(field.name).type, field.type)
    ]
    if wrong:
        raise DatasetError(path, "mistyped column(s): " + "; ".join(wrong))


def check_no_nulls(table: pa.Table, columns: Iterable[str], path: str) -> None:
    for name in columns:
        nulls = table.column(name).null_count
        if nulls:
            raise DatasetError(path, f"{nulls} null value(s) in {name}")


def check_sorted(table: pa.Table, column: str, path: str) -> None:
    values = table.column(column).to_numpy()
    if len(values) > 1:
        drops = (values[1:] < values[:-1]).nonzero()[0]
        if len(drops):
            row = int(drops[0]) + 1
            raise DatasetError(path, f"{column} not sorted: row {row} goes back in time")


def check_unique(table: pa.Table, column: str, path: str) -> None:
    counts = pc.value_counts(table.column(column).combine_chunks())
    repeated = counts.filter(pc.greater(counts.field("counts"), 1))
    if len(repeated):
        first = repeated[0].as_py()
        raise DatasetError(
            path,
            f"{len(repeated)} duplicate {column} value(s), e.g. {first['values']!r} "
            f"x{first['counts']}",
        )


def check_instrument_keys(table: pa.Table, path: str, expected: str | None = None) -> None:
    """Every distinct key parses; with `expected`, every row is that key."""
    for key in pc.unique(table.column("instrument_key").combine_chunks()).to_pylist():
        if expected is not None and key != expected:
            raise DatasetError(path, f"instrument_key {key!r} in the file of {expected!r}")
        try:
            InstrumentKey.parse(key)
        except InvalidInstrumentKey as error:
            raise DatasetError(path, str(error)) from error


def check_values_in(table: pa.Table, column: str, allowed: Iterable[object], path: str) -> None:
    allowed_values = list(allowed)
    values = table.column(column)
    allowed_array = pa.array(allowed_values, type=values.type)
    bad = pc.unique(values.filter(pc.invert(pc.is_in(values, allowed_array))))
    if len(bad):
        raise DatasetError(path, f"{column} has {bad.to_pylist()[:5]}, allowed {allowed_values}")
