"""`odum backtest` and `odum serve`: exit codes and messages, never a stack trace for mistakes."""

from __future__ import annotations

import json

import pytest

from adapters.memory.object_store import MemoryObjectStore
from entrypoints.cli import backtest_commands, serve_commands
from entrypoints.cli.main import main
from ports.object_store import DataFormat, StorageTarget
from tests.service.fake_backtest import FakeRunBacktest, fake_services

RUN_ID = "BT-20240105-101500-0a1b2c"


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / "odum.json"
    path.write_text(json.dumps({"backtest": {"dates": ["2024-01-05"]}}))
    return path


@pytest.fixture
def store(monkeypatch):
    store = MemoryObjectStore()
    monkeypatch.setattr(backtest_commands, "services_for", lambda _: fake_services(store=store))
    return store


def summary_in(store, run_id=RUN_ID):
    path = f"backtest_results/{run_id}/summary.json"
    return store.download(StorageTarget.EXECUTION, path, DataFormat.JSON)


def test_a_completed_run_prints_the_summary_and_where_results_are(config_file, store, capsys):
    code = main(["backtest", "--config", str(config_file), "--run-id", RUN_ID])
    out, err = capsys.readouterr()
    assert code == 0
    assert f"run {RUN_ID}: 2024-01-05" in err
    assert "COMPLETED" in out
    for label in ("net_pnl", "sharpe_ratio", "fill_rate", "io_reduction_pct", "windows_loaded"):
        assert label in out
    assert f"backtest_results/{RUN_ID}/summary.json" in out
    assert summary_in(store)["status"] == "COMPLETED"


def test_dates_on_the_command_line_replace_the_configs(config_file, monkeypatch, capsys):
    fake = FakeRunBacktest()
    monkeypatch.setattr(backtest_commands, "services_for", lambda _: fake_services(fake))
    argv = [
        "backtest",
        "--config",
        str(config_file),
        "--date",
        "2024-02-02",
        "--date",
        "2024-02-01",
    ]
    assert main(argv) == 0
    [command] = fake.commands
    assert [d.isoformat() for d in command.dates] == ["2024-02-01", "2024-02-02"]
    assert command.config["backtest"]["dates"] == ["2024-02-01", "2024-02-02"]


def test_an_engine_failure_exits_1_with_the_error_and_leaves_a_failed_summary(
    config_file, monkeypatch, capsys
):
    store = MemoryObjectStore()
    fake = FakeRunBacktest(error=FileNotFoundError("no tick file for window 10:00-10:05"))
    monkeypatch.setattr(backtest_commands, "services_for", lambda _: fake_services(fake, store))
    code = main(["backtest", "--config", str(config_file), "--run-id", RUN_ID])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"run {RUN_ID} failed: no tick file for window 10:00-10:05" in err
    assert "Traceback" not in err + out
    summary = summary_in(store)
    assert (summary["status"], summary["error"]) == (
        "FAILED",
        "no tick file for window 10:00-10:05",
    )


def test_a_missing_config_file_exits_2(tmp_path, store, capsys):
    code = main(["backtest", "--config", str(tmp_path / "absent.json")])
    err = capsys.readouterr().err
    assert code == 2
    assert "file not found" in err
    assert "Traceback" not in err


def test_every_bad_config_field_is_listed(tmp_path, store, capsys):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"backtest": {"window_seconds": "soon"}, "venues": "none"}))
    assert main(["backtest", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "backtest.window_seconds" in err
    assert "venues" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("extra", "config", "message"),
    [
        ([], {"backtest": {}}, "dates: none given"),
        ([], {"backtest": {"dates": ["5 Jan"]}}, "backtest.dates[0]: '5 Jan' is not a date"),
        (["--run-id", "BT-42"], {"backtest": {"dates": ["2024-01-05"]}}, "run_id: invalid"),
    ],
)
def test_bad_requests_exit_2_naming_the_problem(tmp_path, store, capsys, extra, config, message):
    path = tmp_path / "odum.json"
    path.write_text(json.dumps(config))
    assert main(["backtest", "--config", str(path), *extra]) == 2
    assert message in capsys.readouterr().err


def test_a_malformed_date_flag_is_a_usage_error(config_file, store, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["backtest", "--config", str(config_file), "--date", "2024-1-5x"])
    assert exit_info.value.code == 2
    assert "is not a date YYYY-MM-DD" in capsys.readouterr().err


def test_a_backtest_that_cannot_be_built_exits_1_without_a_trace(config_file, monkeypatch, capsys):
    def no_engine(_):
        raise ModuleNotFoundError("No module named 'application.backtest'")

    monkeypatch.setattr(backtest_commands, "services_for", no_engine)
    assert main(["backtest", "--config", str(config_file)]) == 1
    err = capsys.readouterr().err
    assert "cannot start the backtest" in err
    assert "Traceback" not in err


def test_results_that_cannot_be_stored_exit_1(config_file, monkeypatch, capsys):
    class Refusing(MemoryObjectStore):
        def upload(self, target, path, data, format):
            raise OSError("bucket is read-only")

    monkeypatch.setattr(
        backtest_commands, "services_for", lambda _: fake_services(store=Refusing())
    )
    assert main(["backtest", "--config", str(config_file), "--run-id", RUN_ID]) == 1
    assert "results could not be stored: bucket is read-only" in capsys.readouterr().err


def test_serve_live_runs_the_live_app_on_8001(monkeypatch):
    served = {}
    monkeypatch.setattr(
        serve_commands, "run_server", lambda app, host, port: served.update(app=app, port=port)
    )
    assert main(["serve", "live", "--profile", "test"]) == 0
    assert served["port"] == 8001
    assert any(r.path == "/api/orders" for r in served["app"].routes)


def test_serve_with_a_bad_config_exits_2(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    assert main(["serve", "backtest", "--config", str(path)]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_serve_reports_missing_infrastructure_without_a_trace(monkeypatch, capsys):
    monkeypatch.setattr(serve_commands, "run_server", lambda *a: pytest.fail("must not serve"))
    # The test profile has no object store: the backtest app cannot be built on it.
    assert main(["serve", "backtest", "--profile", "test", "--port", "9000"]) == 1
    err = capsys.readouterr().err
    assert "cannot start the backtest service" in err
    assert "Traceback" not in err
