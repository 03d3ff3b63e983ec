"""The backtest API end to end: a fake use case, the memory object store, real files."""

from __future__ import annotations

import json
import time

import pytest
from dependency_injector import providers
from litestar.testing import TestClient

from adapters.auth.keys import Role
from adapters.memory.object_store import MemoryObjectStore
from adapters.results.parquet_tables import ParquetTableEncoder
from application.runs.writer import RunWriter
from application.settings.schema import ApiSettings
from bootstrap.build import build_container
from bootstrap.settings.loader import parse_settings
from entrypoints.http.backtest_app import backtest_app, create_backtest_app
from ports.object_store import DataFormat, StorageTarget
from tests.api.keys import TEST_KEYS, key_headers
from tests.results.run_builder import T0
from tests.service.fake_backtest import FakeRunBacktest, fake_services

EXECUTION_BUCKET = "execution-store-cefi-central-element-323112"
CONFIG = {"backtest": {"dates": ["2024-01-01"]}}
FILES = ("summary.json", "orders.parquet", "fills.parquet", "positions.parquet",
         "equity_curve.parquet")  # fmt: skip


@pytest.fixture
def fake():
    return FakeRunBacktest()


@pytest.fixture
def store():
    return MemoryObjectStore()


def keyed(app) -> TestClient:
    client = TestClient(app=app)
    client.headers.update(key_headers(Role.TRADER))
    return client


@pytest.fixture
def config_dir(tmp_path):
    (tmp_path / "sample-day.json").write_text(json.dumps({"backtest": {"dates": ["2024-03-04"]}}))
    (tmp_path / "with-storage.json").write_text(
        json.dumps({"backtest": {"dates": ["2024-03-04"]}, "storage": {"backend": "local"}})
    )
    return tmp_path


@pytest.fixture
def client(fake, store, config_dir):
    api = ApiSettings(config_dir=str(config_dir))
    app = backtest_app(fake_services(fake, store), api=api, keys=TEST_KEYS)
    with keyed(app) as test_client:
        yield test_client


def wait_until_ended(client, run_id: str) -> dict:
    for _ in range(200):
        body = client.get(f"/api/backtests/{run_id}").json()
        if body["status"] in ("COMPLETED", "FAILED"):
            return body
        time.sleep(0.01)
    raise AssertionError(f"run {run_id} did not end: {body}")


def test_a_submitted_run_completes_and_its_results_are_in_the_execution_bucket(client, store):
    answer = client.post("/api/backtests", json={"config": CONFIG, "dates": ["2024-01-02"]})
    assert answer.status_code == 202
    run_id = answer.json()["run_id"]
    assert run_id.startswith("BT-")
    status = wait_until_ended(client, run_id)
    assert status["status"] == "COMPLETED"
    assert status["progress"] == {"windows_done": 3, "windows_total": 3}

    results = client.get(f"/api/backtests/{run_id}/results").json()
    assert results["summary"]["status"] == "COMPLETED"
    assert results["summary"]["config"]["backtest"]["dates"] == ["2024-01-02"]
    assert list(results["files"]) == list(FILES)
    for name, location in results["files"].items():
        path = f"backtest_results/{run_id}/{name}"
        assert location == f"memory://{EXECUTION_BUCKET}/{path}"
        assert store.exists(StorageTarget.EXECUTION, path)
    stored = store.download(
        StorageTarget.EXECUTION, f"backtest_results/{run_id}/summary.json", DataFormat.JSON
    )
    assert stored == results["summary"]


def test_the_list_shows_runs_newest_first(client):
    first = client.post(
        "/api/backtests", json={"config": CONFIG, "run_id": "BT-20240101-000000-aaaaaa"}
    )
    second = client.post(
        "/api/backtests", json={"config": CONFIG, "run_id": "BT-20240102-000000-bbbbbb"}
    )
    for answer in (first, second):
        wait_until_ended(client, answer.json()["run_id"])
    listed = client.get("/api/backtests").json()
    assert [(r["run_id"], r["status"]) for r in listed] == [
        ("BT-20240102-000000-bbbbbb", "COMPLETED"),
        ("BT-20240101-000000-aaaaaa", "COMPLETED"),
    ]
    assert set(listed[0]) == {"run_id", "status", "created_at"}


def test_a_running_run_reports_its_windows_and_has_no_results_yet(fake, client):
    import threading

    fake.gate = threading.Event()
    run_id = client.post("/api/backtests", json={"config": CONFIG}).json()["run_id"]
    assert fake.started.wait(5)
    status = client.get(f"/api/backtests/{run_id}").json()
    assert status["status"] == "RUNNING"
    assert status["progress"] == {"windows_done": 1, "windows_total": 3}
    early = client.get(f"/api/backtests/{run_id}/results")
    assert early.status_code == 409
    assert "RUNNING" in early.json()["detail"]
    fake.gate.set()
    assert wait_until_ended(client, run_id)["status"] == "COMPLETED"


def test_an_engine_failure_ends_in_a_failed_summary_with_the_error(store):
    fake = FakeRunBacktest(
        error=LookupError("unknown instrument BINANCE-FUTURES:PERPETUAL:X-Y@LIN")
    )
    with keyed(backtest_app(fake_services(fake, store), keys=TEST_KEYS)) as client:
        run_id = client.post("/api/backtests", json={"config": CONFIG}).json()["run_id"]
        status = wait_until_ended(client, run_id)
        results = client.get(f"/api/backtests/{run_id}/results").json()
    assert status["status"] == "FAILED"
    assert "unknown instrument" in status["error"]
    assert results["summary"]["status"] == "FAILED"
    assert "unknown instrument" in results["summary"]["error"]
    assert list(results["files"]) == ["summary.json"]
    log = store.download(StorageTarget.EXECUTION, f"logs/{run_id}/execution.log", DataFormat.TEXT)
    assert "unknown instrument" in log


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"dates": ["2024-01-01"]}, "config: give exactly one"),
        ({"config": CONFIG, "config_name": "sample-day"}, "config: give exactly one"),
        ({"config_path": "/dev/zero"}, "config_path: unknown field"),
        ({"config_name": "/etc/shadow"}, "config_name: expected `str` matching"),
        ({"config_name": "..etc"}, "config_name: expected `str` matching"),
        ({"config_name": "nosuch"}, "config_name: no readable config 'nosuch'"),
        ({"config_name": "with-storage"}, "config_name: storage: not used by a backtest"),
        ({"config": {**CONFIG, "storage": {}}}, "config.storage: not used by a backtest"),
        ({"config": {**CONFIG, "database": {}}}, "config.database: not used by a backtest"),
        (
            {"config": {"backtest": {"dates": ["2024-01-01"], "strategies": ["nosuch-v1"]}}},
            "backtest.strategies[0]: 'nosuch-v1' has no signals",
        ),
        ({"config": CONFIG, "dates": "2024-01-01"}, "dates: expected `array`"),
        ({"config": CONFIG, "dates": ["2024-13-01"]}, "dates[0]: '2024-13-01' is not a date"),
        ({"config": {"backtest": {}}}, "dates: none given"),
        ({"config": CONFIG, "colour": "blue"}, "colour: unknown field"),
        ({"config": CONFIG, "run_id": "BT-1"}, "run_id: expected `str` matching"),
        ({"config": CONFIG, "run_id": "LIVE-20240101-000000-aaaaaa"}, "run_id: expected `str`"),
        ({"config": CONFIG, "run_id": "BT-20241301-000000-aaaaaa"}, "run_id: invalid run id"),
    ],
)
def test_bad_submissions_are_4xx_naming_the_field(client, body, problem):
    """400: the body does not match its schema; 404: no such named config; 422: a rule."""
    answer = client.post("/api/backtests", json=body)
    schema = "unknown field" in problem or "expected `" in problem
    assert answer.status_code == (404 if "no readable" in problem else 400 if schema else 422)
    assert any(problem in p for p in answer.json()["extra"]), answer.json()


def test_every_bad_config_field_is_reported_at_once(client):
    config = {"backtest": {"window_seconds": "soon", "starting_balance": "lots"}, "risk": []}
    answer = client.post("/api/backtests", json={"config": config})
    assert answer.status_code == 422
    problems = answer.json()["extra"]
    assert len(problems) >= 3
    assert any("window_seconds" in p for p in problems)
    assert any("starting_balance" in p for p in problems)


def test_a_config_is_named_from_the_configured_directory(client, fake):
    run_id = client.post("/api/backtests", json={"config_name": "sample-day"}).json()["run_id"]
    wait_until_ended(client, run_id)
    assert [c.dates for c in fake.commands] == [(__import__("datetime").date(2024, 3, 4),)]


def test_a_run_id_already_taken_is_a_conflict(client):
    body = {"config": CONFIG, "run_id": "BT-20240101-000000-cccccc"}
    wait_until_ended(client, client.post("/api/backtests", json=body).json()["run_id"])
    assert client.post("/api/backtests", json=body).status_code == 409


def test_runs_found_only_in_the_store(client, store):
    writer = RunWriter(store, ParquetTableEncoder())
    writer.write_failed(
        run_id="BT-20230101-000000-dddddd", mode="backtest", config={}, error="no ticks",
        created_at=T0,
    )  # fmt: skip
    store.upload(
        StorageTarget.EXECUTION,
        "backtest_results/BT-20230102-000000-eeeeee/orders.parquet",
        b"partial",
        DataFormat.BYTES,
    )
    failed = client.get("/api/backtests/BT-20230101-000000-dddddd").json()
    assert (failed["status"], failed["error"]) == ("FAILED", "no ticks")
    partial = client.get("/api/backtests/BT-20230102-000000-eeeeee").json()
    assert partial["status"] == "INCOMPLETE"
    assert client.get("/api/backtests/BT-20230102-000000-eeeeee/results").status_code == 409
    assert client.get("/api/backtests/BT-20990101-000000-ffffff").status_code == 404
    assert client.get("/api/backtests/BT-20990101-000000-ffffff/results").status_code == 404
    assert client.get("/api/backtests/not-a-run").status_code == 400
    listed = {r["run_id"]: r["status"] for r in client.get("/api/backtests").json()}
    assert listed == {
        "BT-20230101-000000-dddddd": "FAILED",
        "BT-20230102-000000-eeeeee": "INCOMPLETE",
    }


def test_health_endpoints_follow_the_contract(client, store):
    assert client.get("/api/health").json() == {"status": "healthy", "service": "odum-backend"}
    gcs = client.get("/api/health/gcs")
    assert gcs.status_code == 200
    assert gcs.json() == {
        "status": "healthy",
        "buckets": {
            "instruments": {"accessible": True},
            "marketData": {"accessible": True},
            "execution": {"accessible": True},
        },
    }
    for name in ("database", "redis"):
        assert client.get(f"/api/health/{name}").json()["status"] == "not_used"

    store.blobs.drop_bucket(StorageTarget.MARKET_DATA)
    down = client.get("/api/health/gcs")
    assert down.status_code == 503
    body = down.json()
    assert body["status"] == "unhealthy"
    assert body["buckets"]["marketData"]["accessible"] is False
    assert body["buckets"]["execution"] == {"accessible": True}
    assert "marketData" in body["error"]


def test_a_submission_needs_the_trader_role_and_reads_need_a_key(client):
    viewer = key_headers(Role.VIEWER)
    refused = client.post("/api/backtests", json={"config": CONFIG}, headers=viewer)
    assert refused.status_code == 403
    assert refused.json()["extra"]["missing"] == "role trader"
    assert client.get("/api/backtests", headers=viewer).status_code == 200
    assert client.get("/api/backtests", headers={"authorization": ""}).status_code == 401


def test_a_known_strategy_is_accepted(client, store):
    store.upload(
        StorageTarget.SIGNALS, "signals/by_date/day-2024-01-01/alpha-v1.parquet", b"x",
        DataFormat.BYTES,
    )  # fmt: skip
    config = {"backtest": {"dates": ["2024-01-01"], "strategies": ["alpha-v1"]}}
    assert client.post("/api/backtests", json={"config": config}).status_code == 202


def test_openapi_schema_lists_the_backtest_routes(client):
    paths = client.get("/schema/openapi.json").json()["paths"]
    assert {"/api/backtests", "/api/backtests/{run_id}", "/api/backtests/{run_id}/results"} <= set(
        paths
    )


def test_create_backtest_app_takes_the_store_and_use_case_from_the_container(store):
    fake = FakeRunBacktest()
    container = build_container("backtest", parse_settings({"storage": {"backend": "memory"}}))
    container.infra.object_store.override(providers.Object(store))
    container.infra.profile.run_backtest.override(providers.Object(fake))

    app = create_backtest_app(container, keys=TEST_KEYS)
    with keyed(app) as client:
        assert client.get("/api/health/gcs").status_code == 200
