"""`GET /metrics` of the backtest service: runs by status, windows loaded, bytes read."""

from __future__ import annotations

import time

from dependency_injector import providers
from litestar.testing import TestClient

from adapters.auth.keys import Role
from adapters.observability.metered_backtest import MeteredBacktest
from adapters.prometheus.metrics import PrometheusMetrics
from application.settings.schema import Settings, StorageSettings
from bootstrap.build import build_container
from entrypoints.http.backtest_app import backtest_app, create_backtest_app
from tests.api.keys import TEST_KEYS, key_headers
from tests.observability.scrape import value
from tests.service.fake_backtest import FakeRunBacktest, fake_services

CONFIG = {"backtest": {"dates": ["2024-01-01"]}}


def ended(client: TestClient, run_id: str) -> str:
    for _ in range(500):
        status = client.get(f"/api/backtests/{run_id}").json()["status"]
        if status in ("COMPLETED", "FAILED"):
            return status
        time.sleep(0.01)
    raise AssertionError(f"run {run_id} did not end")


def test_runs_windows_and_bytes_are_counted() -> None:
    metrics = PrometheusMetrics()
    use_case = MeteredBacktest(FakeRunBacktest(windows=3), metrics)
    with TestClient(
        app=backtest_app(fake_services(use_case), metrics=metrics, keys=TEST_KEYS)
    ) as client:
        client.headers.update(key_headers(Role.OPERATOR))
        for date in ("2024-01-01", "2024-01-02"):
            answer = client.post("/api/backtests", json={"config": CONFIG, "dates": [date]})
            assert answer.status_code == 202
            assert ended(client, answer.json()["run_id"]) == "COMPLETED"
        text = client.get("/metrics").text

    assert value(text, "odum_backtest_runs_total", status="COMPLETED") == 2
    assert value(text, "odum_backtest_windows_loaded_total") == 6
    assert value(text, "odum_backtest_bytes_read_total") == 20
    assert (
        value(text, "odum_http_requests_total", method="POST", route="/api/backtests", status="202")
        == 2
    )


def test_the_backtest_service_built_from_a_container_meters_its_runs() -> None:
    container = build_container("backtest", Settings(storage=StorageSettings(backend="memory")))
    fake = FakeRunBacktest(windows=2)
    container.infra.profile.run_backtest.override(providers.Object(fake))
    with TestClient(app=create_backtest_app(container, keys=TEST_KEYS)) as client:
        client.headers.update(key_headers(Role.OPERATOR))
        answer = client.post("/api/backtests", json={"config": CONFIG, "dates": ["2024-01-03"]})
        assert ended(client, answer.json()["run_id"]) == "COMPLETED"
        text = client.get("/metrics").text
    assert value(text, "odum_backtest_runs_total", status="COMPLETED") == 1
    assert value(text, "odum_backtest_windows_loaded_total") == 2
    assert container.infra.profile.run_backtest() is fake  # stays unwrapped
