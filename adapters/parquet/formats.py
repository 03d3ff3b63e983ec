"""Object bytes to and from the port's formats: parquet, json, csv, bytes, text."""

from __future__ import annotations

import io
import json
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from ports.object_store import DataFormat

CONTENT_TYPES = {
    DataFormat.PARQUET: "application/vnd.apache.parquet",
    DataFormat.JSON: "application/json",
    DataFormat.CSV: "text/csv",
    DataFormat.BYTES: "application/octet-stream",
    DataFormat.TEXT: "text/plain; charset=utf-8",
}
# Small row groups and pages with statistics and a page index, so windows read little;
# dictionaries only where values repeat, since a page is useless without its dictionary.
ROW_GROUP_ROWS = 10_000
PAGE_ROWS = 1_000
DICTIONARY_MAX_DISTINCT_SHARE = 0.05
_SAMPLE_ROWS = 100_000


def encode(
    data: Any,
    format: DataFormat,
    *,
    row_group_rows: int = ROW_GROUP_ROWS,
    page_rows: int = PAGE_ROWS,
) -> bytes:
    """Bytes to store: a Table for parquet (and csv), JSON-able values, bytes or str."""
    format = DataFormat(format)
    if format is DataFormat.PARQUET:
        if not isinstance(data, pa.Table):
            raise TypeError(f"parquet uploads take a pyarrow Table, not {type(data).__name__}")
        sink = pa.BufferOutputStream()
        pq.write_table(
            data,
            sink,
            row_group_size=row_group_rows,
            max_rows_per_page=page_rows,
            use_dictionary=repetitive_columns(data),
            compression="zstd",
            write_statistics=True,
            write_page_index=True,
        )
        return sink.getvalue().to_pybytes()
    if format is DataFormat.JSON:
        return json.dumps(data, separators=(",", ":")).encode()
    if format is DataFormat.CSV and isinstance(data, pa.Table):
        sink = pa.BufferOutputStream()
        pa_csv.write_csv(data, sink)
        return sink.getvalue().to_pybytes()
    if isinstance(data, str) and format in (DataFormat.TEXT, DataFormat.CSV):
        return data.encode()
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    raise TypeError(f"cannot upload {type(data).__name__} as {format.value}")


def repetitive_columns(table: pa.Table) -> list[str]:
    """Columns whose values repeat enough (judged on a sample) to be worth a dictionary."""
    sample = table.slice(0, _SAMPLE_ROWS)
    limit = max(1, int(sample.num_rows * DICTIONARY_MAX_DISTINCT_SHARE))
    return [
        name
        for name in sample.column_names
        if pc.count_distinct(sample.column(name)).as_py() <= limit
    ]


def decode(data: bytes, format: DataFormat) -> Any:
    """The object as the port returns it; malformed content raises ValueError."""
    format = DataFormat(format)
    try:
        if format is DataFormat.PARQUET:
            return pq.read_table(pa.BufferReader(data))
        if format is DataFormat.CSV:
            return pa_csv.read_csv(io.BytesIO(data))
        if format is DataFormat.JSON:
            return json.loads(data)
        if format is DataFormat.TEXT:
            return data.decode("utf-8")
        return data
    except (pa.ArrowException, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"not valid {format.value}: {error}") from error
