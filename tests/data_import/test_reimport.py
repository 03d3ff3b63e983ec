"""Re-imports merge into the stored days: idempotent, never shrink a day, --replace overwrites."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from adapters.local.object_store import LocalObjectStore
from entrypoints.cli.main import main
from ports.object_store import DataFormat, StorageTarget
from tests.data_import.real_samples import BTC_WS, require
from tests.data_import.recording_edits import split_at

KEY = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
CUT_NS = 1_723_161_388_250_000_000  # 23:56:28.25 UTC, an arbitrary rotation time
DAY_1, DAY_2 = "2024-08-08", "2024-08-09"  # the last diffs of the recording are after midnight

pytestmark = pytest.mark.slow


def imports(store_dir: Path, *files: Path, flags: str = "") -> int:
    argv = ["data", "import-binance-ws", "--store-dir", str(store_dir), *flags.split()]
    return main(argv + [str(f) for f in files])


def day_table(store_dir: Path, day: str, data_type: str) -> pa.Table:
    path = f"raw_tick_data/by_date/day-{day}/data_type-{data_type}/{KEY}.parquet"
    data = LocalObjectStore(store_dir).download(StorageTarget.MARKET_DATA, path, DataFormat.BYTES)
    return pq.read_table(io.BytesIO(data))


def snapshot(store_dir: Path) -> dict[tuple[str, str], pa.Table]:
    return {
        (day, kind): day_table(store_dir, day, kind)
        for day, kind in ((DAY_1, "trades"), (DAY_1, "book_snapshot_5"), (DAY_2, "book_snapshot_5"))
    }


@pytest.fixture(scope="module")
def rotated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("rotated")
    return split_at(require(BTC_WS), CUT_NS, folder / "a.gz", folder / "b.gz")


def test_importing_twice_changes_nothing(tmp_path: Path, capsys) -> None:
    assert imports(tmp_path, require(BTC_WS)) == 0
    first = snapshot(tmp_path)
    assert first[(DAY_2, "book_snapshot_5")].num_rows > 0
    assert imports(tmp_path, require(BTC_WS)) == 0
    assert "(was 21,313 rows)" in capsys.readouterr().out
    again = snapshot(tmp_path)
    for name, table in first.items():
        assert again[name].equals(table), name


def test_reimporting_the_first_file_alone_shrinks_no_day(
    tmp_path: Path, rotated: tuple[Path, Path]
) -> None:
    assert imports(tmp_path, *rotated) == 0
    whole = snapshot(tmp_path)
    assert imports(tmp_path, rotated[0]) == 0
    after = snapshot(tmp_path)
    for name, table in whole.items():
        assert after[name].equals(table), name


def test_two_rotated_files_in_two_commands_give_every_trade_once(
    tmp_path: Path, rotated: tuple[Path, Path], capsys
) -> None:
    assert imports(tmp_path, rotated[0]) == 0
    assert imports(tmp_path, rotated[1]) == 0
    assert "no book to continue" in capsys.readouterr().err
    together = tmp_path / "together"
    assert imports(together, *rotated) == 0
    assert day_table(tmp_path, DAY_1, "trades").equals(day_table(together, DAY_1, "trades"))
    # the second file alone had no book to continue: the stored book is the first file's
    book = day_table(tmp_path, DAY_1, "book_snapshot_5").column("ts_init").to_numpy()
    assert book.max() < CUT_NS


def test_replace_overwrites_the_days_imported(tmp_path: Path, rotated: tuple[Path, Path]) -> None:
    assert imports(tmp_path, require(BTC_WS)) == 0
    assert imports(tmp_path, rotated[0], flags="--replace") == 0
    trades = day_table(tmp_path, DAY_1, "trades").column("ts_init").to_numpy()
    assert trades.max() < CUT_NS


def test_overlapping_files_in_one_command_store_each_trade_once(tmp_path: Path) -> None:
    from tests.data_import.real_samples import raw_lines
    from tests.data_import.recording_edits import write_recording

    lines = raw_lines(require(BTC_WS))
    first = write_recording(tmp_path / "a.gz", lines[:40_000])
    second = write_recording(tmp_path / "b.gz", lines[35_000:])
    assert imports(tmp_path / "overlap", first, second) == 0
    assert imports(tmp_path / "whole", require(BTC_WS)) == 0
    for name, table in snapshot(tmp_path / "whole").items():
        assert snapshot(tmp_path / "overlap")[name].equals(table), name
