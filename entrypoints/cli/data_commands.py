"""`odum data ...`: generate a sample day and import real market data into a store."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from adapters.importers.errors import ImportFormatError
from adapters.importers.object_paths import BOOK_SNAPSHOT_5, TRADES
from ports.object_store import ObjectStore
from ports.storage_errors import StorageError

if TYPE_CHECKING:
    import pyarrow as pa

    from adapters.importers.upload import WrittenObject


def register(subparsers: Any) -> None:
    data = subparsers.add_parser(
        "data",
        help="sample days and market-data imports",
        description="Imports write one object per instrument, data type and UTC day; "
        "importing the same day again replaces it.",
    )
    commands = data.add_subparsers(dest="data_command", required=True)

    generate = commands.add_parser("generate-day", help="write a seeded sample day to a store")
    generate.add_argument("--date", type=_day, required=True, help="YYYY-MM-DD (UTC)")
    generate.add_argument("--seed", type=int, required=True)
    generate.add_argument("--scale", type=float, default=1.0, help="fraction of a full day")
    _store_flag(generate)
    generate.set_defaults(handler=_generate_day)

    tardis = commands.add_parser("import-tardis", help="Tardis CSV (.csv or .csv.gz) files")
    tardis.add_argument("files", nargs="+", type=Path)
    tardis.add_argument(
        "--kind",
        choices=("auto", "trades", "quotes", "book_snapshot_5"),
        default="auto",
        help="quotes become book_snapshot_5 level 0 (same object as book snapshots)",
    )
    tardis.add_argument("--instrument-key", help="override the key derived from the symbol")
    _store_flag(tardis)
    tardis.set_defaults(handler=_import_tardis)

    binance = commands.add_parser("import-binance-ws", help="Binance USD-M stream recordings")
    binance.add_argument("files", nargs="+", type=Path)
    binance.add_argument("--instrument-key", help="override the key derived from the symbol")
    binance.add_argument(
        "--book-interval-ms", type=int, default=0, help="throttle snapshots (0: every diff)"
    )
    binance.add_argument(
        "--allow-gaps", action="store_true", help="write even if the book fell out of sync"
    )
    _store_flag(binance)
    binance.set_defaults(handler=_import_binance_ws)


def open_store(store_dir: Path) -> ObjectStore:
    """The local directory store laid out like the buckets (CONTRACTS §2 fallback)."""
    from adapters.local.object_store import LocalObjectStore

    return LocalObjectStore(store_dir)


def _store_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store-dir", type=Path, required=True, help="local bucket directory")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _generate_day(args: argparse.Namespace) -> int:
    from adapters.sample_day.generator import generate_day

    if not 0 < args.scale <= 10:
        return _fail(f"--scale must be in (0, 10], got {args.scale}")
    started = time.perf_counter()
    store = _open_store(args.store_dir)
    if store is None:
        return 1
    try:
        summary = generate_day(store, args.date, args.seed, args.scale)
    except (OSError, StorageError) as error:
        return _fail(f"{args.store_dir}: {error}")
    _report(summary.objects)
    print(
        f"generated {args.date} seed {args.seed} scale {args.scale}: "
        f"{sum(summary.trades.values()):,} trades, {summary.signals} signals "
        f"({summary.direction_changes} direction changes), {summary.total_bytes:,} bytes "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


def _import_tardis(args: argparse.Namespace) -> int:
    from adapters.importers.tardis import detect_kind, read_tardis

    try:
        imports = []
        for path in args.files:
            kind = detect_kind(path) if args.kind == "auto" else args.kind
            tables = read_tardis(path, kind, instrument_key=args.instrument_key)
            imports.append((TRADES if kind == "trades" else BOOK_SNAPSHOT_5, tables))
    except ImportFormatError as error:
        return _fail(str(error))
    uploads = [
        (data_type, key, table) for data_type, tables in imports for key, table in tables.items()
    ]
    return _upload(args.store_dir, uploads)


def _import_binance_ws(args: argparse.Namespace) -> int:
    from adapters.importers.binance_ws import read_recording

    if args.book_interval_ms < 0:
        return _fail("--book-interval-ms must be >= 0")
    try:
        results = [
            read_recording(
                path, instrument_key=args.instrument_key, book_interval_ms=args.book_interval_ms
            )
            for path in args.files
        ]
    except ImportFormatError as error:
        return _fail(str(error))
    for path, result in zip(args.files, results, strict=True):
        for gap in result.gaps:
            print(f"{path}: line {gap.line}: order book out of sync: {gap.rule}", file=sys.stderr)
        if result.gaps and not args.allow_gaps:
            return _fail(f"{path}: {len(result.gaps)} sequence gap(s); nothing written")
    uploads = []
    for result in results:
        uploads.append((TRADES, result.instrument_key, result.trades))
        uploads.append((BOOK_SNAPSHOT_5, result.instrument_key, result.book))
    return _upload(args.store_dir, uploads)


def _upload(store_dir: Path, uploads: list[tuple[str, str, pa.Table]]) -> int:
    from adapters.importers.upload import upload_tick_days

    store = _open_store(store_dir)
    if store is None:
        return 1
    try:
        for data_type, key, table in uploads:
            _report(upload_tick_days(store, data_type, key, table))
    except (OSError, StorageError) as error:
        return _fail(f"{store_dir}: {error}")
    return 0


def _open_store(store_dir: Path) -> ObjectStore | None:
    try:
        return open_store(store_dir)
    except (OSError, StorageError) as error:
        _fail(f"{store_dir}: {error}")
    return None


def _report(objects: Iterable[WrittenObject]) -> None:
    for written in objects:
        size = f"{written.rows:,} rows, {written.size_bytes:,} bytes"
        print(f"wrote {written.target}/{written.path}: {size}")


def _fail(message: str) -> int:
    print(f"odum data: error: {message}", file=sys.stderr)
    return 1
