"""Raw Binance USD-M futures combined-stream recordings into trades and book_snapshot_5.

Each line is `<local_ts_ns> <json>`: a combined-stream message (`@trade`, `@depth`,
`@bookTicker`...) or a REST depth snapshot (`lastUpdateId`). Trades: `T` (ms) is
`ts_event`, the local stamp `ts_init`, `m` (buyer is maker) means the seller was the
aggressor (2), else the buyer (1); only `X == "MARKET"` trades are kept (insurance-fund
and ADL prints are not market trades). The book is rebuilt by `DepthSynchroniser`; one
book_snapshot_5 row is emitted after every applied diff (`ts_event` = the diff's `T`),
or at most one per `book_interval_ms` when throttled. One symbol per recording.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pyarrow as pa

from adapters.importers.binance_depth_sync import DepthDiff, DepthSynchroniser, SyncGap
from adapters.importers.book_recorder import BookRecorder
from adapters.importers.errors import ImportFormatError
from adapters.importers.order_book import Level
from adapters.importers.tick_tables import BUYER, SELLER, trades_table
from adapters.importers.venue_keys import binance_futures_key

_MS = 1_000_000
_TradeRow = tuple[float, float, int, int, int, int]


@attrs.frozen(kw_only=True, eq=False)
class BinanceWsImport:
    """What one recording gave: tables, the diff id behind each book row, the gaps found."""

    symbol: str
    instrument_key: str
    trades: pa.Table
    book: pa.Table
    book_update_ids: np.ndarray
    gaps: tuple[SyncGap, ...]
    skipped_trades: int


def read_recording(
    path: Path, *, instrument_key: str | None = None, book_interval_ms: int = 0
) -> BinanceWsImport:
    """Parse a whole recording (plain or .gz); raises `ImportFormatError` on malformed input."""
    recorder = BookRecorder(book_interval_ms * _MS)
    sync = DepthSynchroniser(recorder.book)
    trades: list[_TradeRow] = []
    symbols: set[str] = set()
    skipped = diffs = snapshots = 0
    for number, local_ns, message in _messages(path):
        data = message.get("data")
        try:
            if "lastUpdateId" in message:
                snapshots += 1
                bids, asks = _levels(path, number, message, "bids", "asks")
                for diff in sync.on_snapshot(int(message["lastUpdateId"]), bids, asks):
                    recorder.record(diff, local_ns)
            elif not isinstance(data, dict):
                raise ValueError("neither a stream message nor a depth snapshot")
            elif data.get("e") == "trade":
                symbols.add(str(data["s"]))
                if data.get("X", "MARKET") == "MARKET":
                    trades.append(_trade_row(data, local_ns))
                else:
                    skipped += 1
            elif data.get("e") == "depthUpdate":
                symbols.add(str(data["s"]))
                diffs += 1
                for applied in sync.on_diff(_diff(path, number, local_ns, data)):
                    recorder.record(applied, local_ns)
        except (KeyError, TypeError, ValueError) as error:
            raise ImportFormatError(str(path), f"line {number}: bad message ({error})") from None
    if len(symbols) != 1:
        raise ImportFormatError(
            str(path), f"expected one symbol, found {sorted(symbols) or 'none'}"
        )
    if diffs and not snapshots:
        raise ImportFormatError(
            str(path), f"{diffs} depth diffs but no REST depth snapshot (lastUpdateId) line"
        )
    symbol = symbols.pop()
    key = instrument_key or binance_futures_key(symbol)
    return BinanceWsImport(
        symbol=symbol,
        instrument_key=key,
        trades=_trades_table(key, trades),
        book=recorder.table(key),
        book_update_ids=recorder.update_ids(),
        gaps=tuple(sync.gaps),
        skipped_trades=skipped,
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


def _messages(path: Path) -> Iterator[tuple[int, int, dict[str, Any]]]:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                stamp, _, text = line.partition(" ")
                try:
                    yield number, int(stamp), json.loads(text)
                except ValueError:
                    raise ImportFormatError(
                        str(path), f"line {number}: expected '<local_ts_ns> <json>'"
                    ) from None
    except FileNotFoundError:
        raise ImportFormatError(str(path), "no such file") from None
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise ImportFormatError(str(path), f"unreadable: {error}") from None


def _diff(path: Path, number: int, local_ns: int, data: dict[str, Any]) -> DepthDiff:
    bids, asks = _levels(path, number, data, "b", "a")
    return DepthDiff(
        line=number,
        local_ns=local_ns,
        ts_event=int(data["T"]) * _MS,
        first_id=int(data["U"]),
        last_id=int(data["u"]),
        previous_id=int(data["pu"]),
        bids=tuple(bids),
        asks=tuple(asks),
    )


def _levels(
    path: Path, number: int, data: dict[str, Any], bid_field: str, ask_field: str
) -> tuple[list[Level], list[Level]]:
    try:
        bids = [(float(price), float(size)) for price, size in data[bid_field]]
        asks = [(float(price), float(size)) for price, size in data[ask_field]]
    except (KeyError, TypeError, ValueError) as error:
        raise ImportFormatError(str(path), f"line {number}: bad price levels ({error})") from None
    return bids, asks
