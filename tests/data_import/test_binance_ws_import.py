"""The Binance USD-M WebSocket importer on the real recordings, and on tampered copies."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from adapters.importers.binance_ws import read_recording
from adapters.importers.errors import ImportFormatError
from tests.data_import.real_samples import BTC_WS, ETH_WS, imported, raw_lines, stream_events

RECORDINGS = [
    pytest.param(BTC_WS, "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN", id="btc"),
    pytest.param(ETH_WS, "BINANCE-FUTURES:PERPETUAL:ETH-USDT@LIN", id="eth"),
]


@pytest.mark.parametrize(("path", "key"), RECORDINGS)
def test_every_trade_is_kept_with_its_aggressor(path: Path, key: str) -> None:
    raw = stream_events(path, "trade")
    result = imported(path)
    assert result.instrument_key == key
    assert result.trades.num_rows == len(raw) > 10_000
    seller_aggressor = {str(event["t"]): event["m"] for event in raw}
    rows = result.trades.to_pydict()
    for trade_id, side in zip(rows["trade_id"], rows["aggressor_side"], strict=True):
        assert side == (2 if seller_aggressor[trade_id] else 1)
    ts_event = np.array(rows["ts_event"])
    assert np.all(np.diff(ts_event) >= 0)
    assert set(ts_event // 1_000_000) == {event["T"] for event in raw}


@pytest.mark.parametrize(("path", "key"), RECORDINGS)
def test_rebuilt_book_is_never_crossed_and_levels_are_ordered(path: Path, key: str) -> None:
    book = imported(path).book.to_pydict()
    bids = np.array([book[f"bid_price_{level}"] for level in range(5)], dtype=float).T
    asks = np.array([book[f"ask_price_{level}"] for level in range(5)], dtype=float).T
    assert len(bids) > 6_000
    assert not np.isnan(bids).any()
    assert not np.isnan(asks).any()
    assert np.all(bids[:, 0] < asks[:, 0])
    assert np.all(np.diff(bids, axis=1) < 0)
    assert np.all(np.diff(asks, axis=1) > 0)
    assert np.all(np.diff(book["ts_event"]) >= 0)
    assert set(book["instrument_key"]) == {key}


@pytest.mark.parametrize(("path", "key"), RECORDINGS)
def test_top_of_book_matches_book_ticker_at_the_same_update_id(path: Path, key: str) -> None:
    tickers = {event["u"]: event for event in stream_events(path, "bookTicker")}
    result = imported(path)
    book = result.book.to_pydict()
    compared = 0
    for row, update_id in enumerate(result.book_update_ids.tolist()):
        ticker = tickers.get(update_id)
        if ticker is None:
            continue
        compared += 1
        assert book["bid_price_0"][row] == float(ticker["b"])
        assert book["bid_size_0"][row] == float(ticker["B"])
        assert book["ask_price_0"][row] == float(ticker["a"])
        assert book["ask_size_0"][row] == float(ticker["A"])
    assert compared > 500


def test_diffs_before_the_snapshot_are_dropped_and_the_straddling_one_applied() -> None:
    result = imported(BTC_WS)
    snapshot_id = next(
        json.loads(line.partition(" ")[2])["lastUpdateId"]
        for line in raw_lines(BTC_WS)
        if "lastUpdateId" in line
    )
    diffs = stream_events(BTC_WS, "depthUpdate")
    expected = [d["u"] for d in diffs if d["u"] >= snapshot_id]
    assert diffs[0]["u"] < snapshot_id
    assert result.book_update_ids.tolist() == expected
    assert not result.gaps


def write_recording(path: Path, lines: list[str]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(lines)
    return path


def depth_line_numbers(lines: tuple[str, ...]) -> list[int]:
    return [number for number, line in enumerate(lines) if '"depthUpdate"' in line]


def test_a_missing_diff_is_reported_and_the_book_stops(tmp_path: Path) -> None:
    lines = list(raw_lines(BTC_WS)[:2_000])
    depth = depth_line_numbers(tuple(lines))
    dropped = depth[40]
    del lines[dropped]
    result = read_recording(write_recording(tmp_path / "tampered.gz", lines))
    (gap,) = result.gaps
    assert gap.line == depth[41]  # 1-based number of the next diff once one line is gone
    assert "pu" in gap.rule
    assert "!= previous u" in gap.rule
    removed_u = json.loads(raw_lines(BTC_WS)[dropped].partition(" ")[2])["data"]["u"]
    assert result.book_update_ids.max() < removed_u
    assert result.trades.num_rows == sum('"e":"trade"' in line for line in lines)


def test_losing_the_diff_that_straddles_the_snapshot_is_a_gap(tmp_path: Path) -> None:
    lines = list(raw_lines(BTC_WS)[:500])
    snapshot_id = next(
        json.loads(line.partition(" ")[2])["lastUpdateId"]
        for line in lines
        if "lastUpdateId" in line
    )

    def straddles(line: str) -> bool:
        data = json.loads(line.partition(" ")[2]).get("data", {})
        return data.get("e") == "depthUpdate" and data["U"] <= snapshot_id <= data["u"]

    kept = [line for line in lines if not straddles(line)]
    assert len(kept) == len(lines) - 1
    result = read_recording(write_recording(tmp_path / "late.gz", kept))
    assert "first diff U" in result.gaps[0].rule
    assert result.gaps[0].expected == snapshot_id
    assert result.book.num_rows == 0


def test_throttled_snapshots_are_at_least_the_interval_apart() -> None:
    result = read_recording(BTC_WS, book_interval_ms=1_000)
    ts = result.book.column("ts_event").to_numpy()
    assert 300 <= len(ts) <= 400
    assert np.all(np.diff(ts) >= 1_000_000_000)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("not-a-number {}\n", "line 1: expected '<local_ts_ns> <json>'"),
        ('1723161255030314667 {"stream": "x"}\n', "line 1: bad message"),
        (
            '1723161255030314667 {"data": {"e": "trade", "s": "BTCUSDT", "p": "1"}}\n',
            "line 1: bad message",
        ),
    ],
)
def test_malformed_lines_name_the_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line)
    with pytest.raises(ImportFormatError, match=problem) as raised:
        read_recording(path)
    assert str(path) in str(raised.value)


def test_depth_without_a_snapshot_keeps_the_trades_and_says_the_book_is_skipped(
    tmp_path: Path,
) -> None:
    lines = [line for line in raw_lines(BTC_WS)[:200] if "lastUpdateId" not in line]
    path = write_recording(tmp_path / "nosnap.gz", lines)
    result = read_recording(path)
    assert result.book.num_rows == 0
    assert result.trades.num_rows == sum('"e":"trade"' in line for line in lines) > 0
    (note,) = result.notes
    assert str(path) in note
    assert "no REST snapshot and no book to continue" in note
