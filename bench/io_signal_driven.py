"""Signal-driven tick loading vs full-day downloads, on a realistic day served by the GCS emulator.

Rows read the columns the engine simulates with (`ports.backtest_engine`), as a
backtest does, unless they say "every column". Four layouts of the same day in one run:
the project's own files (trades+book, and trades only), trades written with
`pyarrow.parquet.write_table` defaults (~1M-row row groups, 20k-row pages, dictionaries,
no page index) as an upstream service would, and both trades and book written that way.
Files without a page index are read through their page headers
(`adapters.parquet.page_headers`); the "row groups only" row reads them without.

Run: .venv/bin/python -m bench.io_signal_driven [--scale 1.0] [--seed 1]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date

import attrs
import pyarrow as pa
import pyarrow.parquet as pq

from adapters.datasets.signals import StoreSignalSource
from adapters.datasets.windowed_loader import WindowedTickLoader, WindowTicks
from adapters.gcs.config import GcsConfig
from adapters.gcs.factory import make_client
from adapters.gcs.object_store import GcsObjectStore
from adapters.parquet.footer import read_footer
from adapters.parquet.ranged_reader import BytesReader
from adapters.parquet.window_reader import WindowReadOptions
from application.signals.windows import plan_windows, target_changes
from bench.synthetic_day import write_synthetic_day
from ports.backtest_engine import BOOK_COLUMNS, TRADE_COLUMNS
from ports.object_store import DataFormat, StorageTarget
from tests.plugins.gcs_emulator import free_loopback_port

DAY = date(2024, 1, 1)
MD = StorageTarget.MARKET_DATA


@attrs.frozen
class Layout:
    """How tick files are written, and how to write exactly the needed rows the same way."""

    name: str
    rewrite: Callable[[str, bytes], bytes] | None
    needed_bytes: Callable[[pa.Table, bytes], int]


def column_chunk_bytes(data: bytes) -> int:
    metadata = pq.ParquetFile(pa.BufferReader(data)).metadata
    return sum(
        metadata.row_group(g).column(c).total_compressed_size
        for g in range(metadata.num_row_groups)
        for c in range(metadata.num_columns)
    )


def same_writer_bytes(rows: pa.Table, original: bytes) -> int:
    """Compressed column chunks of `rows` written with the original file's codec and row groups."""
    metadata = pq.ParquetFile(pa.BufferReader(original)).metadata
    group = metadata.row_group(0)
    dictionary = [
        group.column(c).path_in_schema
        for c in range(metadata.num_columns)
        if group.column(c).has_dictionary_page
    ]
    sink = pa.BufferOutputStream()
    pq.write_table(
        rows,
        sink,
        row_group_size=max(1, group.num_rows),
        compression=group.column(0).compression.lower(),
        use_dictionary=dictionary,
    )
    return column_chunk_bytes(sink.getvalue().to_pybytes())


def pyarrow_defaults(data_types: tuple[str, ...]) -> Callable[[str, bytes], bytes]:
    """Rewrite the files of `data_types` with `pq.write_table(table, sink)` and nothing else."""

    def rewrite(path: str, data: bytes) -> bytes:
        if not any(f"/data_type-{data_type}/" in path for data_type in data_types):
            return data
        sink = pa.BufferOutputStream()
        pq.write_table(pq.read_table(pa.BufferReader(data)), sink)
        return sink.getvalue().to_pybytes()

    return rewrite


def pyarrow_needed_bytes(rows: pa.Table, original: bytes) -> int:
    """`rows` written with pyarrow defaults when the original has no page index."""
    metadata = pq.ParquetFile(pa.BufferReader(original)).metadata
    if metadata.num_row_groups and metadata.row_group(0).column(0).has_offset_index:
        return same_writer_bytes(rows, original)
    if not rows.num_rows:
        return 0
    sink = pa.BufferOutputStream()
    pq.write_table(rows, sink)
    return column_chunk_bytes(sink.getvalue().to_pybytes())


PROJECT = Layout(
    "project (trades 10k-row groups / 1000-row pages, book 300-row pages)", None, same_writer_bytes
)
PYARROW_TRADES = Layout(
    "pyarrow defaults for trades, project book", pyarrow_defaults(("trades",)), pyarrow_needed_bytes
)
PYARROW_BOTH = Layout(
    "pyarrow defaults for trades and book",
    pyarrow_defaults(("trades", "book_snapshot_5")),
    pyarrow_needed_bytes,
)
LAYOUTS = (PROJECT, PYARROW_TRADES, PYARROW_BOTH)  # fmt: skip
BOTH = ("trades", "book_snapshot_5")


def start_emulator() -> tuple[subprocess.Popen, str]:
    port = free_loopback_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gcp_storage_emulator",
            "start",
            "--port",
            str(port),
            "--in-memory",
            "-q",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    client = make_client(GcsConfig(emulator_host=url))
    for _ in range(100):
        try:
            list(client.list_buckets())
            return server, url
        except Exception:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the GCS emulator did not start")


def fresh_buckets(client, suffix: str) -> dict[StorageTarget, str]:
    from adapters.buckets import DEFAULT_BUCKETS

    buckets = {target: f"{name}-{suffix}" for target, name in DEFAULT_BUCKETS.items()}
    for name in buckets.values():
        client.create_bucket(name)
    return buckets


def write_day(store: GcsObjectStore, scale: float, seed: int) -> str:
    """The sample-day generator when it is there, else the bench's own synthetic day."""
    try:
        from adapters.sample_day.generator import generate_day
    except ImportError:
        write_synthetic_day(store, DAY, seed)
        return "bench.synthetic_day (3M BTC trades)"
    summary = generate_day(store, DAY, seed=seed, scale=scale)
    return (
        f"adapters.sample_day seed={seed} scale={scale}: "
        f"{sum(summary.trades.values()):,} trades, {summary.signals} signals "
        f"({summary.direction_changes} direction changes)"
    )


def copy_rewritten(source: GcsObjectStore, target: GcsObjectStore, rewrite) -> None:
    for storage_target in (StorageTarget.SIGNALS, StorageTarget.INSTRUMENTS, MD):
        for path in source.list(storage_target):
            data = source.download(storage_target, path, DataFormat.BYTES)
            if storage_target is MD and rewrite is not None:
                data = rewrite(path, data)
            target.upload(storage_target, path, data, DataFormat.BYTES)


@attrs.frozen(kw_only=True)
class Measurement:
    label: str
    windows: int
    rows: int
    bytes_read: int
    requests: int
    metadata_requests: int
    wall_s: float
    full_bytes: int
    full_requests: int
    full_wall_s: float
    needed_bytes: int
    footer_bytes: int

    @property
    def io_reduction_pct(self) -> float:
        return 100.0 * (1 - self.bytes_read / self.full_bytes)

    @property
    def overhead(self) -> float:
        return self.bytes_read / self.needed_bytes if self.needed_bytes else float("inf")

    def line(self) -> str:
        return (
            f"{self.label:<34} {self.windows:>3} {self.rows:>9,} "
            f"{self.bytes_read / 1e6:>8.2f} {self.requests:>5}+{self.metadata_requests:<3} "
            f"{self.wall_s:>6.2f} | {self.full_bytes / 1e6:>8.2f} {self.full_requests:>4} "
            f"{self.full_wall_s:>6.2f} | {self.io_reduction_pct:>6.2f}% "
            f"{self.needed_bytes / 1e6:>7.2f} {self.overhead:>5.2f} "
            f"{self.footer_bytes / 1e6:>6.2f} {self.overhead_past_footers:>5.2f}"
        )

    @property
    def overhead_past_footers(self) -> float:
        """The overhead once each file's one-time footer read is set aside."""
        if not self.needed_bytes:
            return float("inf")
        return (self.bytes_read - self.footer_bytes) / self.needed_bytes


HEADER = (
    f"{'':<34} {'win':>3} {'rows':>9} {'MB read':>8} {'req+meta':>9} {'wall s':>6} | "
    f"{'full MB':>8} {'req':>4} {'wall s':>6} | {'reduct.':>7} {'need MB':>7} {'ovh':>5} "
    f"{'ftr MB':>6} {'ovh-f':>5}"
)


# The columns the backtest engine reads (ports.backtest_engine), as a backtest run loads them.
ENGINE_COLUMNS = {"trades": TRADE_COLUMNS, "book_snapshot_5": BOOK_COLUMNS}


def measure(
    client,
    buckets,
    layout: Layout,
    data_types,
    options: WindowReadOptions,
    label: str,
    columns=ENGINE_COLUMNS,
):
    store = GcsObjectStore(client, buckets, window_options=options)  # cold caches
    windows = plan_windows(StoreSignalSource(store).signals_for(DAY))
    loader = WindowedTickLoader(store, data_types, columns)
    load = loader.load(DAY, windows)
    full = GcsObjectStore(client, buckets)
    paths = sorted({_path(t) for t in load.ticks})
    started = time.perf_counter()
    originals = {path: full.download(MD, path, DataFormat.BYTES) for path in paths}
    full_wall = time.perf_counter() - started
    needed = sum(layout.needed_bytes(t.table, originals[_path(t)]) for t in load.ticks)
    footers = sum(read_footer(BytesReader(data)).footer_bytes for data in originals.values())
    report = load.report
    return Measurement(
        label=label,
        windows=report.windows,
        rows=report.rows,
        bytes_read=report.bytes_read,
        requests=report.requests,
        metadata_requests=report.metadata_requests,
        wall_s=report.wall_time_s,
        full_bytes=full.counters.bytes_read,
        full_requests=full.counters.read_requests,
        full_wall_s=full_wall,
        needed_bytes=needed,
        footer_bytes=footers,
    )


def _path(ticks: WindowTicks) -> str:
    from adapters.importers.object_paths import tick_data_path

    return tick_data_path(DAY, ticks.data_type, ticks.window.instrument_key)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    server, url = start_emulator()
    try:
        client = make_client(GcsConfig(emulator_host=url))
        generated = fresh_buckets(client, "bench-generated")
        started = time.perf_counter()
        source = write_day(GcsObjectStore(client, generated), args.scale, args.seed)
        print(f"day: {source}; written to the emulator in {time.perf_counter() - started:.1f}s")
        signals = StoreSignalSource(GcsObjectStore(client, generated)).signals_for(DAY)
        windows = plan_windows(signals)
        print(
            f"signals: {len(signals)}, target changes: {len(target_changes(signals))}, "
            f"windows (5 min, merged): {len(windows)} on "
            f"{len({w.instrument_key for w in windows})} instrument(s)"
        )
        summary = []
        for number, layout in enumerate(LAYOUTS):
            buckets = generated
            if layout.rewrite is not None:
                buckets = fresh_buckets(client, f"bench-layout-{number}")
                copy_rewritten(
                    GcsObjectStore(client, generated),
                    GcsObjectStore(client, buckets),
                    layout.rewrite,
                )
            print(f"\nlayout: {layout.name}")
            print(HEADER)
            default = WindowReadOptions()
            rows = [(BOTH, "trades+book", default, ENGINE_COLUMNS)]
            rows.append((("trades",), "trades", default, ENGINE_COLUMNS))
            rows.append((("book_snapshot_5",), "book_snapshot_5", default, ENGINE_COLUMNS))
            rows.append((BOTH, "trades+book, every column", default, None))
            if layout is not PROJECT:
                no_walk = WindowReadOptions(walk_page_headers=False)
                rows.append((BOTH, "trades+book, row groups only", no_walk, ENGINE_COLUMNS))
            for data_types, label, options, columns in rows:
                found = measure(client, buckets, layout, data_types, options, label, columns)
                print(found.line())
                summary.append((layout, label, found))
        print("\nsummary (the four layouts of issue 10)")
        print(f"{'':<52} {'reduct.':>7} {'ovh':>5} {'req':>5} {'wall s':>6}")
        for layout, label, name in (
            (PROJECT, "trades+book", "project"),
            (PROJECT, "trades", "trades-only project"),
            (PYARROW_TRADES, "trades+book", "pyarrow defaults (trades)"),
            (PYARROW_BOTH, "trades+book", "pyarrow defaults for book too"),
        ):
            found = next(m for lay, lab, m in summary if lay is layout and lab == label)
            print(
                f"{name:<52} {found.io_reduction_pct:>6.2f}% {found.overhead:>5.2f} "
                f"{found.requests:>5} {found.wall_s:>6.2f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
