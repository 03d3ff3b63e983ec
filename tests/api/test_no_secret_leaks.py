"""Known fake secrets for the venue, the database and the API keys never appear anywhere:
not in a log line, an answer, an error, `/status`, OpenAPI or a backtest's output objects."""

from __future__ import annotations

import json
import logging
import time

import httpx
import pytest
from litestar.testing import TestClient

from adapters.memory.object_store import MemoryObjectStore
from adapters.system.clock import SystemClock
from bootstrap.build import build_container
from bootstrap.settings.loader import parse_settings
from entrypoints.http.backtest_app import backtest_app
from entrypoints.http.live_app import create_live_app
from ports.object_store import DataFormat, StorageTarget
from tests.api.keys import SECRETS, TEST_KEYS, key_headers
from tests.fakes.deribit_server import FakeDeribit
from tests.service.fake_backtest import FakeRunBacktest, fake_services

PERP = "DERIBIT:PERPETUAL:BTC-USD@INV"
VENUE_ID, VENUE_SECRET = "fake-client-id-7f3a", "fake-venue-secret-9c1e2d"
DB_PASSWORD = "fake-db-password-4b8f"


def _venue_settings(fake: FakeDeribit) -> dict[str, object]:
    return {
        "venues": [
            {
                "venue_id": "DERIBIT",
                "kind": "EXTERNAL_SDK",
                "instruments": [PERP],
                "min_size": "10",
                "fee_currency": "BTC",
                "adapter": {
                    "type": "deribit",
                    "options": {
                        "ws_url_override": fake.ws_url,
                        "http_url_override": fake.http_url,
                        "client_id_env": "ODUM_LEAK_DERIBIT_ID",
                        "client_secret_env": "ODUM_LEAK_DERIBIT_SECRET",
                        "request_timeout_s": 1.0,
                        "retry_delay_s": 0.01,
                    },
                },
            }
        ],
        "database": {"url_env": "ODUM_LEAK_DATABASE_URL"},
    }


@pytest.fixture
def secrets_env(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("ODUM_LEAK_DERIBIT_ID", VENUE_ID)
    monkeypatch.setenv("ODUM_LEAK_DERIBIT_SECRET", VENUE_SECRET)
    monkeypatch.setenv(
        "ODUM_LEAK_DATABASE_URL", f"postgresql://odum:{DB_PASSWORD}@127.0.0.1:1/odum"
    )
    return [VENUE_SECRET, DB_PASSWORD, *SECRETS.values()]


async def test_a_faulty_live_session_and_a_backtest_leak_no_secret(
    secrets_env: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    seen: list[str] = []
    fake = await FakeDeribit(client_id=VENUE_ID, client_secret=VENUE_SECRET).start()
    try:
        settings = parse_settings(_venue_settings(fake))
        container = build_container("test", settings, clock=SystemClock())
        app = create_live_app(container, keys=TEST_KEYS)
        pump = container.core.event_pump()
        await pump.start()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://odum", headers=key_headers()
        ) as client:
            order = {"operation_id": "s-1", "instrument_key": PERP, "side": "BUY", "quantity": "10"}
            seen.append((await client.post("/api/orders", json=order)).text)
            fake.faults.fail_next("private/buy", 10_009, "not enough funds")  # a venue error
            seen.append(
                (await client.post("/api/orders", json={**order, "operation_id": "s-2"})).text
            )
            await fake.stop()  # the venue goes away mid-session
            seen.append(
                (await client.post("/api/orders", json={**order, "operation_id": "s-3"})).text
            )
            for path in ("/api/orders", "/api/venues", "/api/risk/limits", "/status",
                         "/schema/openapi.json", "/api/health/database"):  # fmt: skip
                seen.append((await client.get(path)).text)
            seen.append((await client.get("/api/orders", headers={"x-api-key": "x"})).text)
        await pump.stop()
    finally:
        await fake.stop()
    store = MemoryObjectStore()
    with TestClient(backtest_app(fake_services(FakeRunBacktest(), store), keys=TEST_KEYS)) as bt:
        bt.headers.update(key_headers())
        run = bt.post("/api/backtests", json={"config": {"backtest": {"dates": ["2024-01-01"]}}})
        run_id = run.json()["run_id"]
        for _ in range(200):
            if bt.get(f"/api/backtests/{run_id}").json()["status"] in ("COMPLETED", "FAILED"):
                break
            time.sleep(0.01)
        seen += [run.text, bt.get(f"/api/backtests/{run_id}/results").text]
        seen.append(bt.get("/schema/openapi.json").text)
    for path in store.list(StorageTarget.EXECUTION):
        data = store.download(StorageTarget.EXECUTION, path, DataFormat.BYTES)
        seen.append(
            data.decode("utf-8", "replace") if isinstance(data, bytes) else json.dumps(data)
        )
    everything = "\n".join([*seen, caplog.text, *(r.getMessage() for r in caplog.records)])
    assert len(seen) > 12
    for secret in secrets_env:
        assert secret not in everything
