"""Where the real market-data samples are, and their raw messages parsed once per session."""

from __future__ import annotations

import gzip
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

REAL_DATA = Path(os.environ.get("ODUM_REAL_DATA", Path(__file__).parents[3] / "shared/data/real"))
TARDIS = REAL_DATA / "tardis"
TARDIS_TRADES = TARDIS / "binance-futures_trades_2020-02-22_BTCUSDT.csv"
TARDIS_QUOTES = TARDIS / "binance-futures_quotes_2020-02-22_BTCUSDT.csv"
TARDIS_BOOK = TARDIS / "binance-futures_book_snapshot_5_BTCUSDT.csv"
BTC_WS = REAL_DATA / "binance-futures-ws/btcusdt_20240808.gz"
ETH_WS = REAL_DATA / "binance-futures-ws/ethusdt_20240808.gz"


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"real sample {path} not present (set ODUM_REAL_DATA)")
    return path


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
