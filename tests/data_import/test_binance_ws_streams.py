"""Several recordings read as one stream (rotation at midnight), and local-stamp units."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from adapters.importers.binance_ws import read_recording, read_recordings
from adapters.importers.errors import ImportFormatError
from tests.data_import.real_samples import BTC_WS, imported, raw_lines, require
from tests.data_import.recording_edits import (
    mark_price_line,
    split_at,
    with_stamp_unit,
    write_recording,
)

# 2024-08-08 23:57:41.5 UTC: an arbitrary moment well after the REST snapshot (line 55).
CUT_NS = 1_723_161_461_500_000_000


@pytest.fixture
def rotated(tmp_path: Path) -> tuple[Path, Path]:
    return split_at(require(BTC_WS), CUT_NS, tmp_path / "a.gz", tmp_path / "b.gz")


def assert_same_tables(result, whole) -> None:
    assert result.trades.equals(whole.trades)
    assert result.book.equals(whole.book)
    assert np.array_equal(result.book_update_ids, whole.book_update_ids)


def test_two_files_given_together_are_one_stream(rotated: tuple[Path, Path]) -> None:
    whole = imported(BTC_WS)
    result = read_recordings(list(rotated))
    assert_same_tables(result, whole)
    assert not result.gaps
    assert result.notes == (f"{rotated[1]}: no REST snapshot; continues the previous file's book",)


def test_files_are_read_in_time_order_whatever_the_argument_order(
    rotated: tuple[Path, Path],
) -> None:
    assert_same_tables(read_recordings([rotated[1], rotated[0]]), imported(BTC_WS))


def test_a_continuation_alone_keeps_its_trades_and_has_no_book(rotated: tuple[Path, Path]) -> None:
    second = read_recording(rotated[1])
    whole = imported(BTC_WS)
    ts = whole.trades.column("ts_init").to_numpy()
    assert second.trades.equals(whole.trades.filter(ts >= CUT_NS))
    assert second.book.num_rows == 0
    assert not second.gaps
    assert "no book to continue" in second.notes[0]


def test_a_continuation_that_does_not_follow_on_is_a_gap_in_that_file(tmp_path: Path) -> None:
    lines = raw_lines(require(BTC_WS))
    depth = [i for i, line in enumerate(lines) if '"depthUpdate"' in line]
    first = write_recording(tmp_path / "a.gz", lines[: depth[300]])
    second = write_recording(tmp_path / "b.gz", lines[depth[301] :])  # one diff lost between
    result = read_recordings([first, second])
    (gap,) = result.gaps
    assert result.gap_files == (str(second),)
    assert gap.line == 1  # the second file's first line: the diff after the lost one
    assert "!= previous u" in gap.rule


@pytest.mark.parametrize(("unit", "ns"), [("µs", 1_000), ("ms", 1_000_000)])
def test_coarser_stamps_are_read_in_their_unit(tmp_path: Path, unit: str, ns: int) -> None:
    path = write_recording(tmp_path / f"{unit}.gz", with_stamp_unit(raw_lines(require(BTC_WS)), ns))
    result = read_recording(path)
    whole = imported(BTC_WS)
    expected = whole.trades.column("ts_init").to_numpy() // ns * ns
    assert np.array_equal(result.trades.column("ts_init").to_numpy(), expected)
    assert result.trades.column("ts_event").equals(whole.trades.column("ts_event"))
    assert result.book.num_rows == whole.book.num_rows
    # the local stamps are 2024, not 1970
    assert result.trades.column("ts_init").to_numpy().min() > 1_700_000_000 * 10**9


def test_a_line_in_another_unit_is_refused_with_its_number(tmp_path: Path) -> None:
    lines = list(raw_lines(require(BTC_WS))[:100])
    lines[41:42] = with_stamp_unit(lines[41:42], 1_000)
    path = write_recording(tmp_path / "mixed.gz", lines)
    with pytest.raises(ImportFormatError, match=r"line 42: local timestamp .* is in µs") as raised:
        read_recording(path)
    assert "first line is in ns" in str(raised.value)
    assert str(path) in str(raised.value)


def test_a_stamp_of_no_known_unit_is_refused(tmp_path: Path) -> None:
    lines = list(raw_lines(require(BTC_WS))[:10])
    lines[0] = "17231612550 " + lines[0].partition(" ")[2]
    with pytest.raises(ImportFormatError, match="line 1: local timestamp '17231612550' is not"):
        read_recording(write_recording(tmp_path / "odd.gz", lines))


def test_mark_price_updates_give_one_funding_row_per_settlement(tmp_path: Path) -> None:
    lines = list(raw_lines(require(BTC_WS))[:300])
    settle_ms = 1_723_161_600_000  # 2024-08-09 00:00 UTC
    start_ns = int(lines[0].partition(" ")[0])
    marks = [
        mark_price_line(start_ns + 1, settle_ms - 3_000, settle_ms, "0.00010000", "61800.1"),
        mark_price_line(start_ns + 2, settle_ms - 1_000, settle_ms, "0.00012000", "61801.5"),
        mark_price_line(start_ns + 3, settle_ms + 1_000, settle_ms + 28_800_000, "0.0002", "1"),
    ]
    result = read_recording(write_recording(tmp_path / "funding.gz", lines + marks))
    assert result.funding.to_pylist() == [
        {
            "instrument_key": "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN",
            "ts_event": settle_ms * 1_000_000,
            "funding_rate": 0.00012,
            "mark_price": 61801.5,
        }
    ]


def test_overlapping_files_repeat_no_diff(tmp_path: Path) -> None:
    lines = raw_lines(require(BTC_WS))
    cut = 30_000
    first = write_recording(tmp_path / "a.gz", lines[: cut + 2_000])
    second = write_recording(tmp_path / "b.gz", lines[cut:])
    result = read_recordings([first, second])
    whole = imported(BTC_WS)
    assert not result.gaps
    assert result.book.equals(whole.book)
    # trades of the common stretch come twice; the upload's merge keeps each trade id once
    assert result.trades.num_rows == whole.trades.num_rows + sum(
        '"e":"trade"' in line for line in lines[cut : cut + 2_000]
    )
