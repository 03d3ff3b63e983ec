"""`odum data ...` end to end on a local directory store: exit codes, messages, objects."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from adapters.local.object_store import LocalObjectStore
from entrypoints.cli.main import main
from ports.object_store import StorageTarget
from tests.data_import.real_samples import BTC_WS, TARDIS_QUOTES, TARDIS_TRADES, raw_lines, require


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


def run(command: str, *paths: str | Path) -> int:
    """`command` split on spaces, then file arguments as given."""
    return main(command.split() + [str(path) for path in paths])


def tick_objects(store_dir: Path, day: str) -> list[str]:
    prefix = f"raw_tick_data/by_date/day-{day}/"
    return LocalObjectStore(store_dir).list(StorageTarget.MARKET_DATA, prefix)


def test_generate_day_writes_the_day(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run("data generate-day --date 2024-08-08 --seed 3 --scale 0.001 --store-dir", store_dir)
    assert code == 0
    assert "29 signals (17 direction changes)" in capsys.readouterr().out
    assert len(tick_objects(store_dir, "2024-08-08")) == 14
    assert (store_dir / "strategy-store-cefi-central-element-323112").is_dir()


def test_a_bad_date_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        run("data generate-day --date 2024-02-30 --seed 1 --store-dir x")
    assert exited.value.code == 2
    assert "'2024-02-30' is not a date YYYY-MM-DD" in capsys.readouterr().err


def test_a_bad_scale_is_an_error(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run("data generate-day --date 2024-08-08 --seed 1 --scale 0 --store-dir", store_dir)
    assert code == 1
    assert "--scale must be in (0, 10]" in capsys.readouterr().err
    assert not store_dir.exists()


def test_import_tardis_writes_trades_and_quotes_per_day(store_dir: Path) -> None:
    files = (require(TARDIS_TRADES), require(TARDIS_QUOTES))
    assert run("data import-tardis --store-dir", store_dir, *files) == 0
    day = "raw_tick_data/by_date/day-2020-02-22"
    assert tick_objects(store_dir, "2020-02-22") == [
        f"{day}/data_type-book_snapshot_5/BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN.parquet",
        f"{day}/data_type-trades/BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN.parquet",
    ]


def test_import_of_a_bad_file_names_it_and_writes_nothing(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("exchange,symbol,timestamp,local_timestamp,id,side,price,amount\nx\n")
    code = run("data import-tardis --store-dir", store_dir, require(TARDIS_TRADES), bad)
    err = capsys.readouterr().err
    assert code == 1
    assert str(bad) in err
    assert "Traceback" not in err
    assert not store_dir.exists()


def test_binance_recording_with_a_gap_needs_allow_gaps(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = list(raw_lines(require(BTC_WS))[:1_500])
    del lines[[n for n, line in enumerate(lines) if '"depthUpdate"' in line][30]]
    recording = tmp_path / "gap.gz"
    with gzip.open(recording, "wt", encoding="utf-8") as out:
        out.writelines(lines)
    assert run("data import-binance-ws --store-dir", store_dir, recording) == 1
    err = capsys.readouterr().err
    assert f"{recording}: line" in err
    assert "out of sync" in err
    assert not store_dir.exists()
    assert run("data import-binance-ws --allow-gaps --store-dir", store_dir, recording) == 0
    assert len(tick_objects(store_dir, "2024-08-08")) == 2


def test_an_unwritable_store_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    code = run("data import-tardis --store-dir", blocker, require(TARDIS_TRADES))
    err = capsys.readouterr().err
    assert code == 1
    assert str(blocker) in err
    assert "Traceback" not in err
