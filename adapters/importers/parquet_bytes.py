"""Parquet bytes written the way the upstream service writes tick files."""

from __future__ import annotations

import attrs
import pyarrow as pa
import pyarrow.parquet as pq

from adapters.parquet.formats import repetitive_columns


@attrs.frozen(kw_only=True)
class ParquetLayout:
    """Row groups, codec, statistics and page index of the tick files (CONTRACTS §2)."""

    row_group_size: int = 10_000
    # Pages of ~1000 rows let a reader fetch one page of a group through the page index.
    max_rows_per_page: int | None = 1_000
    compression: str = "zstd"
    compression_level: int | None = None
    data_page_size: int | None = None


UPSTREAM_LAYOUT = ParquetLayout()
# Book snapshots come once a second: 300-row pages are 5 minutes, one signal window.
BOOK_LAYOUT = ParquetLayout(max_rows_per_page=300)


def parquet_bytes(table: pa.Table, layout: ParquetLayout = UPSTREAM_LAYOUT) -> bytes:
    """The whole file as bytes: min/max statistics on every row group, page index on."""
    sink = pa.BufferOutputStream()
    pq.write_table(
        table,
        sink,
        row_group_size=layout.row_group_size,
        compression=layout.compression,
        compression_level=layout.compression_level,
        data_page_size=layout.data_page_size,
        max_rows_per_page=layout.max_rows_per_page,
        # A dictionary on ts/price columns would hold a whole group's values in one page.
        use_dictionary=repetitive_columns(table),
        write_statistics=True,
        write_page_index=True,
    )
    return sink.getvalue().to_pybytes()
