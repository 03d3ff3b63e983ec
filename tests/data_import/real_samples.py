"""Where the real market-data samples are, and their raw messages parsed once per session."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

from tests.real_data import BINANCE_WS, TARDIS, require

TARDIS_TRADES = TARDIS / "binance-futures_trades_2020-02-22_BTCUSDT.csv"
TARDIS_QUOTES = TARDIS / "binance-futures_quotes_2020-02-22_BTCUSDT.csv"
TARDIS_BOOK = TARDIS / "binance-futures_book_snapshot_5_BTCUSDT.csv"
BTC_WS = BINANCE_WS / "btcusdt_20240808.gz"
ETH_WS = BINANCE_WS / "ethusdt_20240808.gz"


@cache
def raw_lines(path: Path) -> tuple[str, ...]:
    with gzip.open(require(path), "rt", encoding="utf-8") as lines:
        return tuple(lines)


@cache
def stream_events(path: Path, event: str) -> tuple[dict[str, Any], ...]:
    """The `data` of every combined-stream message of one kind, in recording order."""
    found = []
    for line in raw_lines(path):
        message = json.loads(line.partition(" ")[2])
        data = message.get("data", {})
        if data.get("e") == event:
            found.append(data)
    return tuple(found)


@cache
def imported(path: Path) -> Any:
    """The Binance recording through the importer, once per session."""
    from adapters.importers.binance_ws import read_recording

    return read_recording(require(path))
