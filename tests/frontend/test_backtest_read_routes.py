"""Backtest read endpoints the web app pages use: equity, orders, fills, positions, progress."""

from __future__ import annotations

import time

import pytest
from litestar.testing import TestClient

from adapters.auth.keys import Role
from adapters.memory.object_store import MemoryObjectStore
from entrypoints.http.backtest_app import backtest_app
from tests.api.keys import TEST_KEYS, key_headers
from tests.service.fake_backtest import FakeRunBacktest, fake_services

CONFIG = {"backtest": {"dates": ["2024-01-01"]}}


@pytest.fixture
def fake() -> FakeRunBacktest:
    return FakeRunBacktest(windows=4)


@pytest.fixture
def client(fake: FakeRunBacktest):
    app = backtest_app(fake_services(fake, MemoryObjectStore()), keys=TEST_KEYS)
    with TestClient(app=app) as test_client:
        test_client.headers.update(key_headers(Role.TRADER))
        yield test_client


def finished_run(client: TestClient) -> str:
    run_id = client.post("/api/backtests", json={"config": CONFIG}).json()["run_id"]
    for _ in range(300):
        if client.get(f"/api/backtests/{run_id}").json()["status"] in ("COMPLETED", "FAILED"):
            return run_id
        time.sleep(0.01)
    raise AssertionError(f"run {run_id} did not end")


def test_equity_points_are_the_stored_curve_oldest_first(client: TestClient) -> None:
    run_id = finished_run(client)
    body = client.get(f"/api/backtests/{run_id}/equity").json()
    assert body["total"] == 2
    assert [p["portfolio_value"] for p in body["items"]] == [100000.0, 100001.8]
    assert body["items"][0]["ts_event"] < body["items"][1]["ts_event"]


def test_fills_and_orders_filter_and_page(client: TestClient) -> None:
    run_id = finished_run(client)
    fills = client.get(f"/api/backtests/{run_id}/fills").json()
    assert fills["total"] == 1
    assert fills["items"][0]["side"] == "BUY"
    assert fills["items"][0]["price"] == 100.0
    assert client.get(f"/api/backtests/{run_id}/fills?side=sell").json()["total"] == 0
    orders = client.get(f"/api/backtests/{run_id}/orders?limit=1").json()
    assert orders["limit"] == 1
    assert [o["order_id"] for o in orders["items"]] == ["O-1"]
    assert client.get(f"/api/backtests/{run_id}/orders?offset=1").json()["items"] == []


def test_positions_page_holds_the_snapshots(client: TestClient) -> None:
    run_id = finished_run(client)
    body = client.get(f"/api/backtests/{run_id}/positions").json()
    assert body["total"] >= 1
    assert body["items"][-1]["quantity"] == 2.0


def test_progress_reports_windows_and_bytes_of_a_finished_run(client: TestClient) -> None:
    run_id = finished_run(client)
    body = client.get(f"/api/backtests/{run_id}/progress").json()
    assert body["status"] == "COMPLETED"
    assert (body["windows_done"], body["windows_total"]) == (4, 4)


def test_bad_paging_names_the_field(client: TestClient) -> None:
    run_id = finished_run(client)
    response = client.get(f"/api/backtests/{run_id}/fills?limit=0")
    assert response.status_code == 400
    assert any(p.startswith("limit:") for p in response.json()["extra"])


def test_an_unknown_run_is_404_and_a_bad_id_400(client: TestClient) -> None:
    assert client.get("/api/backtests/BT-20240101-000000-abcdef/equity").status_code == 404
    assert client.get("/api/backtests/nope/equity").status_code == 400


def test_the_schema_documents_the_page_bodies(client: TestClient) -> None:
    schema = client.get("/schema/openapi.json").json()
    assert {"EquityPage", "RunFillPage", "RunOrderPage", "RunPositionPage", "RunProgress"} <= set(
        schema["components"]["schemas"]
    )
    equity = schema["paths"]["/api/backtests/{run_id}/equity"]["get"]
    assert "EquityPage" in str(equity["responses"]["200"])
