"""The sweep API on the backtest service and the `odum sweep` command, in process."""

from __future__ import annotations

import json
import time

import pytest
from litestar.testing import TestClient

from adapters.auth.keys import Role
from adapters.local.object_store import LocalObjectStore
from adapters.memory.inline_sweep_executor import InlineSweepExecutor
from application.settings.schema import Settings, StorageSettings
from application.sweeps.layout import results_path, sweep_summary_path
from bootstrap.sweep_worker import run_sweep_point
from entrypoints.cli.main import main
from entrypoints.http.backtest_app import backtest_app
from entrypoints.http.sweep_routes import sweep_api_for
from ports.object_store import StorageTarget
from tests.api.keys import TEST_KEYS, key_headers
from tests.service.fake_backtest import FakeRunBacktest, fake_services
from tests.sweeps.sweep_world import DAYS, base_config, read_table


@pytest.fixture
def client(two_day_root):
    store = LocalObjectStore(two_day_root)
    settings = Settings(storage=StorageSettings(backend="local", local_root=str(two_day_root)))
    api = sweep_api_for(store, settings, InlineSweepExecutor(run_sweep_point))
    app = backtest_app(fake_services(FakeRunBacktest(), store), sweeps=api, keys=TEST_KEYS)
    with TestClient(app=app) as test_client:
        test_client.headers.update(key_headers(Role.TRADER))
        yield test_client, store


def sweep_body(root):
    config = base_config(root)
    del config["storage"]
    return {"base_config": config, "dates": [DAYS[0].isoformat()],
            "axes": {"backtest.window_seconds": [120, 300]}}  # fmt: skip


def test_a_sweep_posted_over_http_runs_and_reports(client, two_day_root):
    http, store = client
    answer = http.post("/api/sweeps", json=sweep_body(two_day_root))
    assert answer.status_code == 202, answer.text
    sweep_id = answer.json()["sweep_id"]
    assert answer.json()["runs_total"] == 2
    deadline = time.monotonic() + 120
    while (body := http.get(f"/api/sweeps/{sweep_id}").json())["status"] in ("QUEUED", "RUNNING"):
        assert time.monotonic() < deadline, body
        time.sleep(0.2)
    assert body["status"] == "COMPLETED", body
    assert body["counts"] == {"runs": 2, "completed": 2, "failed": 0, "resumed": 0}
    assert store.exists(StorageTarget.EXECUTION, sweep_summary_path(sweep_id))
    assert read_table(store, results_path(sweep_id)).num_rows == 2


def test_a_client_cannot_name_where_runs_read_or_write(client, two_day_root):
    http, _ = client
    body = sweep_body(two_day_root)
    body["base_config"]["storage"] = {"backend": "local", "local_root": "/etc"}
    answer = http.post("/api/sweeps", json=body)
    assert answer.status_code == 422
    assert "base_config.storage" in answer.text


def test_bad_axes_answer_422_naming_each(client, two_day_root):
    http, _ = client
    body = sweep_body(two_day_root)
    body["axes"] = {"backtest.nope": [1], "backtest.window_seconds": []}
    answer = http.post("/api/sweeps", json=body)
    assert answer.status_code == 422
    assert "backtest.nope" in answer.text
    assert "backtest.window_seconds" in answer.text
    assert http.get("/api/sweeps/SW-20991231-000000-abcdef").status_code == 404
    assert http.get("/api/sweeps/not-an-id").status_code == 400


def test_odum_sweep_runs_inline_and_prints_the_top_runs(two_day_root, tmp_path, capsys):
    (tmp_path / "base.json").write_text(json.dumps(base_config(two_day_root)))
    sweep_file = tmp_path / "sweep.json"
    sweep_file.write_text(json.dumps({
        "base_config": "base.json", "dates": [DAYS[0].isoformat()],
        "axes": {"backtest.window_seconds": [120, 300]}, "metric": "fills",
    }))  # fmt: skip
    assert main(["sweep", "--config", str(sweep_file), "--inline", "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert "2 runs, 2 completed, 0 failed" in out
    assert "top 1 by fills" in out


def test_odum_sweep_names_every_bad_axis_and_exits_2(tmp_path, capsys):
    sweep_file = tmp_path / "sweep.json"
    sweep_file.write_text(json.dumps({
        "base_config": {"backtest": {"dates": ["2024-03-01"]}}, "dates": ["2024-03-01"],
        "axes": {"backtest.nope": [1], "risk.max_order_quantity": ["-"]},
    }))  # fmt: skip
    assert main(["sweep", "--config", str(sweep_file), "--inline"]) == 2
    err = capsys.readouterr().err
    assert "axes['backtest.nope']: unknown config path" in err
    assert "axes['risk.max_order_quantity']: value '-'" in err
    assert "Traceback" not in err
