"""Every mutating call of the live API lands in `api_audit`: who (key id, never the key), what,
when and the answer; reads are not audited, and refused calls are."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from litestar.testing import TestClient

from adapters.auth.keys import Role
from entrypoints.http.live_app import create_live_app
from tests.api.keys import SECRETS, TEST_KEYS, key_headers
from tests.postgres.live_container import BTC, live_container

pytestmark = pytest.mark.postgres


def audit_rows(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT at, key_id, role, method, path, status_code, detail "
            "FROM api_audit ORDER BY audit_id"
        ).fetchall()


def test_mutating_calls_are_stored_with_the_key_id_and_the_answer(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    container = live_container(postgres_url, monkeypatch)
    started = datetime.now(UTC)
    order = {"operation_id": "audit-1", "instrument_key": BTC, "side": "BUY", "quantity": "1"}
    with TestClient(create_live_app(container, keys=TEST_KEYS)) as client:
        assert client.get("/api/orders", headers=key_headers(Role.VIEWER)).status_code == 200
        trader = key_headers(Role.TRADER)
        assert client.post("/api/orders", json=order, headers=trader).status_code == 200
        refused = client.patch("/api/risk/limits", json={"max_order_quantity": "7"}, headers=trader)
        assert refused.status_code == 403
        operator = key_headers(Role.OPERATOR)
        changed = client.patch(
            "/api/risk/limits", json={"max_order_quantity": "7"}, headers=operator
        )
        assert changed.status_code == 200
        halted = client.put("/api/risk/state", json={"trading_state": "HALTED"}, headers=operator)
        assert halted.status_code == 200
        assert client.post("/api/orders", json=order).status_code == 401
    rows = audit_rows(postgres_url)  # the lifespan's end flushes what is pending
    calls = [(key, role, method, path, status) for _, key, role, method, path, status, _ in rows]
    assert calls == [
        ("trader", "trader", "POST", "/api/orders", 200),
        ("trader", "trader", "PATCH", "/api/risk/limits", 403),
        ("operator", "operator", "PATCH", "/api/risk/limits", 200),
        ("operator", "operator", "PUT", "/api/risk/state", 200),
        (None, None, "POST", "/api/orders", 401),
    ]
    details = [detail or "" for *_, detail in rows]
    assert details[1] == ""
    assert details[2] == "max_order_quantity off -> 7"
    assert "HALTED" in details[3]
    ended = datetime.now(UTC)
    assert all(started - timedelta(seconds=1) <= at <= ended for at, *_ in rows)
    stored = repr(rows)
    assert not any(secret in stored for secret in SECRETS.values())
