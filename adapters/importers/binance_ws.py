"""Raw Binance USD-M futures combined-stream recordings into trades, book_snapshot_5 and funding.

Each line is `<local_ts> <json>`: a combined-stream message (`@trade`, `@depth`,
`@bookTicker`, `@markPrice`...) or a REST depth snapshot (`lastUpdateId`). The local stamp
may be s, ms, µs or ns since 1970: the unit is told from its magnitude (see `local_stamps`).
Trades: `T` (ms) is `ts_event`, the local stamp `ts_init`, `m` (buyer is maker) means the
seller was the aggressor (2), else the buyer (1); only `X == "MARKET"` trades are kept
(insurance-fund and ADL prints are not market trades). The book is rebuilt by
`DepthSynchroniser`; one book_snapshot_5 row is emitted after every applied diff
(`ts_event` = the diff's `T`), or at most one per `book_interval_ms` when throttled.
`markPriceUpdate` messages give funding rows (`E` as `ts_event`, `r`, `p`).

Several files of one symbol are read as one stream in time order (by their first local
stamp): a file without a REST snapshot continues the book of the file before it. With no
book to continue, its trades are still imported and the book starts at the next snapshot;
a recording with no snapshot at all gives no book rows, with a note saying so.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pyarrow as pa

from adapters.importers.binance_depth_sync import DepthDiff, DepthSynchroniser, SyncGap
from adapters.importers.book_recorder import BookRecorder
from adapters.importers.errors import ImportFormatError
from adapters.importers.funding import settlements
from adapters.importers.local_stamps import StampError, StampReader
from adapters.importers.order_book import Level
from adapters.importers.tick_tables import BUYER, SELLER, trades_table
from adapters.importers.venue_keys import binance_futures_key

_MS = 1_000_000
_TradeRow = tuple[float, float, int, int, int, int]


@attrs.frozen(kw_only=True, eq=False)
class BinanceWsImport:
    """What the recordings gave: tables, the diff id behind each book row, gaps and notes."""

    symbol: str
    instrument_key: str
    trades: pa.Table
    book: pa.Table
    book_update_ids: np.ndarray
    funding: pa.Table
    gaps: tuple[SyncGap, ...]
    skipped_trades: int
    gap_files: tuple[str, ...] = ()  # the file of each gap
    notes: tuple[str, ...] = ()


def read_recording(
    path: Path, *, instrument_key: str | None = None, book_interval_ms: int = 0
) -> BinanceWsImport:
    """One recording (plain or .gz); raises `ImportFormatError` on malformed input."""
    return read_recordings([path], instrument_key=instrument_key, book_interval_ms=book_interval_ms)


def read_recordings(
    paths: Sequence[Path], *, instrument_key: str | None = None, book_interval_ms: int = 0
) -> BinanceWsImport:
    """Recordings of one symbol as one stream, in the time order of their first lines."""
    stream = _Stream(book_interval_ms)
    for path in sorted(paths, key=_first_stamp):
        stream.read(path)
    return stream.result(paths, instrument_key)


class _Stream:
    """The state carried from one file to the next: the book, its sequence, what was read."""

    def __init__(self, book_interval_ms: int) -> None:
        self.recorder = BookRecorder(book_interval_ms * _MS)
        self.sync = DepthSynchroniser(self.recorder.book)
        self.trades: list[_TradeRow] = []
        self.funding: list[tuple[int, int, float, float]] = []
        self.gap_files: list[str] = []
        self.symbols: set[str] = set()
        self.notes: list[str] = []
        self.skipped = 0

    def read(self, path: Path) -> None:
        continued = self.sync.in_sync
        diffs = snapshots = 0
        gaps_before = len(self.sync.gaps)
        for number, local_ns, message in _messages(path):
            try:
                if "lastUpdateId" in message:
                    snapshots += 1
                    self._snapshot(path, number, local_ns, message)
                else:
                    diffs += self._stream_message(path, number, local_ns, message)
            except (KeyError, TypeError, ValueError) as error:
                raise ImportFormatError(
                    str(path), f"line {number}: bad message ({error})"
                ) from None
        self.gap_files += [str(path)] * (len(self.sync.gaps) - gaps_before)
        if diffs and not snapshots:
            if continued:
                self.notes.append(f"{path}: no REST snapshot; continues the previous file's book")
            else:
                self.notes.append(
                    f"{path}: {diffs} depth diffs, no REST snapshot and no book to continue: "
                    "trades imported, no book rows from this file"
                )

    def _snapshot(self, path: Path, number: int, local_ns: int, message: dict) -> None:
        bids, asks = _levels(path, number, message, "bids", "asks")
        for diff in self.sync.on_snapshot(int(message["lastUpdateId"]), bids, asks):
            self.recorder.record(diff, local_ns)

    def _stream_message(self, path: Path, number: int, local_ns: int, message: dict) -> int:
        data = message.get("data")
        if not isinstance(data, dict):
            raise ValueError("neither a stream message nor a depth snapshot")
        event = data.get("e")
        if event == "trade":
            self.symbols.add(str(data["s"]))
            if data.get("X", "MARKET") == "MARKET":
                self.trades.append(_trade_row(data, local_ns))
            else:
                self.skipped += 1
        elif event == "depthUpdate":
            self.symbols.add(str(data["s"]))
            for applied in self.sync.on_diff(_diff(number, local_ns, data)):
                self.recorder.record(applied, local_ns)
            return 1
        elif event == "markPriceUpdate":
            self.symbols.add(str(data["s"]))
            stamps = int(data["E"]) * _MS, int(data["T"]) * _MS
            self.funding.append((*stamps, float(data["r"]), float(data["p"])))
        return 0

    def result(self, paths: Sequence[Path], instrument_key: str | None) -> BinanceWsImport:
        source = ", ".join(str(path) for path in paths)
        if len(self.symbols) != 1:
            found = sorted(self.symbols) or "none"
            raise ImportFormatError(source, f"expected one symbol, found {found}")
        symbol = next(iter(self.symbols))
        key = instrument_key or binance_futures_key(symbol)
        ts, due, rates, marks = zip(*self.funding, strict=True) if self.funding else [()] * 4
        return BinanceWsImport(
            symbol=symbol,
            instrument_key=key,
            trades=_trades_table(key, self.trades),
            book=self.recorder.table(key),
            book_update_ids=self.recorder.update_ids(),
            funding=settlements(
                key,
                ts=np.array(ts, dtype=np.int64),
                funding_time=np.array(due, dtype=np.int64),
                rate=np.array(rates, dtype=np.float64),
                mark=np.array(marks, dtype=np.float64),
            ),
            gaps=tuple(self.sync.gaps),
            gap_files=tuple(self.gap_files),
            skipped_trades=self.skipped,
            notes=tuple(self.notes),
        )


def _trade_row(data: dict[str, Any], local_ns: int) -> _TradeRow:
    """price, size, aggressor side, trade id, ts_event, ts_init."""
    side = SELLER if data["m"] else BUYER
    ts_event = int(data["T"]) * _MS
    return float(data["p"]), float(data["q"]), side, int(data["t"]), ts_event, local_ns


def _trades_table(key: str, rows: list[_TradeRow]) -> pa.Table:
    columns = list(zip(*rows, strict=True)) if rows else [()] * 6
    price, size, side, trade_id, ts_event, ts_init = columns
    return trades_table(
        key,
        price=np.array(price, dtype=np.float64),
        size=np.array(size, dtype=np.float64),
        aggressor_side=np.array(side, dtype=np.int8),
        trade_id=pa.array(np.array(trade_id, dtype=np.int64)).cast(pa.string()),
        ts_event=np.array(ts_event, dtype=np.int64),
        ts_init=np.array(ts_init, dtype=np.int64),
    )


def recording_symbol(path: Path) -> str:
    """The symbol of the first stream message that names one (files are grouped by it)."""
    for _, _, message in _messages(path):
        data = message.get("data")
        if isinstance(data, dict) and isinstance(data.get("s"), str):
            return data["s"]
    raise ImportFormatError(str(path), "no stream message naming a symbol")


def _first_stamp(path: Path) -> int:
    """The first line's local stamp in ns (files are read in this order)."""
    for _, local_ns, _ in _messages(path):
        return local_ns
    raise ImportFormatError(str(path), "no lines")


def _messages(path: Path) -> Iterator[tuple[int, int, dict[str, Any]]]:
    opener = gzip.open if path.suffix == ".gz" else open
    stamps = StampReader()
    try:
        with opener(path, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                stamp, _, text = line.partition(" ")
                try:
                    if not stamp.replace(".", "", 1).isdigit():
                        raise ValueError(stamp)
                    message = json.loads(text)
                except ValueError:
                    raise ImportFormatError(
                        str(path), f"line {number}: expected '<local_ts_ns> <json>'"
                    ) from None
                try:
                    local_ns = stamps.to_ns(stamp)
                except StampError as error:
                    raise ImportFormatError(str(path), f"line {number}: {error}") from None
                yield number, local_ns, message
    except FileNotFoundError:
        raise ImportFormatError(str(path), "no such file") from None
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise ImportFormatError(str(path), f"unreadable: {error}") from None


def _diff(number: int, local_ns: int, data: dict[str, Any]) -> DepthDiff:
    return DepthDiff(
        line=number,
        local_ns=local_ns,
        ts_event=int(data["T"]) * _MS,
        first_id=int(data["U"]),
        last_id=int(data["u"]),
        previous_id=int(data["pu"]),
        bids=tuple(_side(data["b"])),
        asks=tuple(_side(data["a"])),
    )


def _side(levels: Any) -> list[Level]:
    return [(float(price), float(size)) for price, size in levels]


def _levels(
    path: Path, number: int, data: dict[str, Any], bid_field: str, ask_field: str
) -> tuple[list[Level], list[Level]]:
    try:
        return _side(data[bid_field]), _side(data[ask_field])
    except (KeyError, TypeError, ValueError) as error:
        raise ImportFormatError(str(path), f"line {number}: bad price levels ({error})") from None
