"""`odum data ...` end to end: exit codes, messages naming the bad file, objects written."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from entrypoints.cli import data_commands
from entrypoints.cli.main import main
from ports.object_store import StorageTarget
from tests.data_import.dict_store import DictObjectStore
from tests.data_import.real_samples import BTC_WS, TARDIS_QUOTES, TARDIS_TRADES, raw_lines, require


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> DictObjectStore:
    store = DictObjectStore()
    monkeypatch.setattr(data_commands, "open_store", lambda store_dir: store)
    return store


def run(command: str, *paths: str | Path) -> int:
    """`command` split on spaces, then file arguments as given."""
    return main(command.split() + [str(path) for path in paths])


def test_generate_day_writes_the_day(
    store: DictObjectStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run("data generate-day --date 2024-08-08 --seed 3 --scale 0.001 --store-dir", tmp_path)
    assert code == 0
    assert "29 signals (17 direction changes)" in capsys.readouterr().out
    assert len(store.list(StorageTarget.MARKET_DATA, "raw_tick_data/by_date/day-2024-08-08/")) == 14


def test_a_bad_date_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        run("data generate-day --date 2024-02-30 --seed 1 --store-dir x")
    assert exited.value.code == 2
    assert "'2024-02-30' is not a date YYYY-MM-DD" in capsys.readouterr().err


def test_a_bad_scale_is_an_error(
    store: DictObjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run("data generate-day --date 2024-08-08 --seed 1 --scale 0 --store-dir x")
    assert code == 1
    assert "--scale must be in (0, 10]" in capsys.readouterr().err
    assert not store.objects


def test_import_tardis_writes_trades_and_quotes_per_day(
    store: DictObjectStore, tmp_path: Path
) -> None:
    files = (require(TARDIS_TRADES), require(TARDIS_QUOTES))
    code = run("data import-tardis --store-dir", tmp_path, *files)
    assert code == 0
    day = "raw_tick_data/by_date/day-2020-02-22"
    assert store.list(StorageTarget.MARKET_DATA) == [
        f"{day}/data_type-book_snapshot_5/BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN.parquet",
        f"{day}/data_type-trades/BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN.parquet",
    ]


def test_import_of_a_bad_file_names_it_and_writes_nothing(
    store: DictObjectStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("exchange,symbol,timestamp,local_timestamp,id,side,price,amount\nx\n")
    code = run("data import-tardis --store-dir", tmp_path, require(TARDIS_TRADES), bad)
    err = capsys.readouterr().err
    assert code == 1
    assert str(bad) in err
    assert "Traceback" not in err
    assert not store.objects


def test_binance_recording_with_a_gap_needs_allow_gaps(
    store: DictObjectStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = list(raw_lines(require(BTC_WS))[:1_500])
    del lines[[n for n, line in enumerate(lines) if '"depthUpdate"' in line][30]]
    recording = tmp_path / "gap.gz"
    with gzip.open(recording, "wt", encoding="utf-8") as out:
        out.writelines(lines)
    assert run("data import-binance-ws --store-dir", tmp_path, recording) == 1
    err = capsys.readouterr().err
    assert f"{recording}: line" in err
    assert "out of sync" in err
    assert not store.objects
    code = run("data import-binance-ws --allow-gaps --store-dir", tmp_path, recording)
    assert code == 0
    assert len(store.list(StorageTarget.MARKET_DATA, "raw_tick_data/by_date/day-2024-08-08/")) == 2
