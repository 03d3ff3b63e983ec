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
from adapters.importers.object_paths import BOOK_SNAPSHOT_5, FUNDING, TRADES
from ports.object_store import ObjectStore
from ports.storage_errors import StorageError

if TYPE_CHECKING:
    from adapters.importers.day_writer import ImportedInstrument
    from adapters.importers.upload import WrittenObject


def register(subparsers: Any) -> None:
    data = subparsers.add_parser(
        "data",
        help="sample days and market-data imports",
        description="Imports write one object per instrument, data type and UTC day, merged "
        "into the day already stored (duplicates dropped, a day never shrinks; --replace "
        "overwrites it), and add the instrument to the day's instruments.parquet.",
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
        choices=("auto", "trades", "quotes", "book_snapshot_5", "derivative_ticker"),
        default="auto",
        help="quotes become book_snapshot_5 level 0 (same object as book snapshots); "
        "derivative_ticker becomes funding",
    )
    _import_flags(tardis)
    tardis.set_defaults(handler=_import_tardis)

    binance = commands.add_parser(
        "import-binance-ws",
        help="Binance USD-M stream recordings",
        description="Files of one symbol are read as one stream in time order: a file "
        "without a REST snapshot continues the book of the file before it.",
    )
    binance.add_argument("files", nargs="+", type=Path)
    binance.add_argument(
        "--book-interval-ms", type=int, default=0, help="throttle snapshots (0: every diff)"
    )
    binance.add_argument(
        "--allow-gaps", action="store_true", help="write even if the book fell out of sync"
    )
    _import_flags(binance)
    binance.set_defaults(handler=_import_binance_ws)


def _import_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--instrument-key", help="override the key derived from the symbol")
    parser.add_argument(
        "--replace", action="store_true", help="overwrite the days imported instead of merging"
    )
    for name in ("tick-size", "min-size", "contract-size"):
        parser.add_argument(
            f"--{name}", type=float, help="instruments.parquet rule (default: built-in table)"
        )
    _store_flag(parser)


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
    from adapters.importers.day_writer import ImportedInstrument
    from adapters.importers.tardis import detect_kind, read_tardis

    data_types = {"trades": TRADES, "derivative_ticker": FUNDING}
    try:
        imports = []
        for path in args.files:
            kind = detect_kind(path) if args.kind == "auto" else args.kind
            tables = read_tardis(path, kind, instrument_key=args.instrument_key)
            data_type = data_types.get(kind, BOOK_SNAPSHOT_5)
            for key, table in tables.items():
                imports.append(
                    ImportedInstrument(instrument_key=key, symbol=None, tables={data_type: table})
                )
                if data_type == FUNDING and table.num_rows == 0:
                    print(f"{path}: no funding settlement inside the data", file=sys.stderr)
    except ImportFormatError as error:
        return _fail(str(error))
    return _write(args, imports)


def _import_binance_ws(args: argparse.Namespace) -> int:
    from adapters.importers.binance_ws import read_recordings, recording_symbol
    from adapters.importers.day_writer import ImportedInstrument

    if args.book_interval_ms < 0:
        return _fail("--book-interval-ms must be >= 0")
    try:
        by_symbol: dict[str, list[Path]] = {}
        for path in args.files:
            by_symbol.setdefault(recording_symbol(path), []).append(path)
        results = [
            read_recordings(
                paths, instrument_key=args.instrument_key, book_interval_ms=args.book_interval_ms
            )
            for paths in by_symbol.values()
        ]
    except ImportFormatError as error:
        return _fail(str(error))
    imports = []
    for result in results:
        for note in result.notes:
            print(note, file=sys.stderr)
        for gap, source in zip(result.gaps, result.gap_files, strict=True):
            print(f"{source}: line {gap.line}: order book out of sync: {gap.rule}", file=sys.stderr)
        if result.gaps and not args.allow_gaps:
            return _fail(f"{result.symbol}: {len(result.gaps)} sequence gap(s); nothing written")
        tables = {TRADES: result.trades, BOOK_SNAPSHOT_5: result.book, FUNDING: result.funding}
        imports.append(
            ImportedInstrument(
                instrument_key=result.instrument_key, symbol=result.symbol, tables=tables
            )
        )
    return _write(args, imports)


def _write(args: argparse.Namespace, imports: list[ImportedInstrument]) -> int:
    from adapters.importers.day_merge import MergeError
    from adapters.importers.day_writer import write_import
    from adapters.importers.instrument_listing import RuleOverrides

    overrides = RuleOverrides(
        tick_size=args.tick_size, min_size=args.min_size, contract_size=args.contract_size
    )
    store = _open_store(args.store_dir)
    if store is None:
        return 1
    try:
        written = write_import(store, imports, replace=args.replace, overrides=overrides)
    except (MergeError, ImportFormatError) as error:
        return _fail(str(error))
    except (OSError, StorageError) as error:
        return _fail(f"{args.store_dir}: {error}")
    _report(written)
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
        if written.previous_rows is not None:
            size += f" (was {written.previous_rows:,} rows)"
        print(f"wrote {written.target}/{written.path}: {size}")


def _fail(message: str) -> int:
    print(f"odum data: error: {message}", file=sys.stderr)
    return 1
