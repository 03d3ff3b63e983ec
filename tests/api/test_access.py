"""API keys with roles: 401 without a key, 403 with too low a role, every change audited."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from adapters.auth.keys import Role
from bootstrap.build import build_container
from bootstrap.settings.loader import parse_settings
from entrypoints.http.live_app import create_live_app
from tests.api.keys import SECRETS, TEST_KEYS, key_headers

BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
ORDER = {"operation_id": "a-1", "instrument_key": BTC, "side": "BUY", "quantity": "1"}


def live_client(api: dict[str, object] | None = None) -> TestClient:
    settings = parse_settings(
        {"venues": [{"venue_id": "BINANCE-FUTURES", "instruments": [BTC]}], "api": api or {}}
    )
    return TestClient(create_live_app(build_container("test", settings), keys=TEST_KEYS))


@pytest.fixture
def client() -> Iterator[TestClient]:
    with live_client() as test_client:
        yield test_client


@pytest.mark.parametrize("path", ["/api/orders", "/api/positions", "/api/venues", "/schema"])
def test_a_read_without_a_key_is_401_naming_what_is_missing(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 401
    body = answer.json()
    assert body["extra"] == {"missing": "api_key", "required_role": "viewer"}
    assert "Authorization: Bearer" in body["detail"]


def test_an_unknown_key_is_401_and_both_header_forms_are_accepted(client: TestClient) -> None:
    assert client.get("/api/orders", headers={"x-api-key": "guess"}).status_code == 401
    assert client.get("/api/orders", headers={"authorization": "Basic abc"}).status_code == 401
    assert client.get("/api/orders", headers={"x-api-key": SECRETS[Role.VIEWER]}).status_code == 200
    assert client.get("/api/orders", headers=key_headers(Role.VIEWER)).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "body", "needed"),
    [
        ("POST", "/api/orders", ORDER, "trader"),
        ("DELETE", "/api/orders/a-1", None, "trader"),
        ("PUT", "/api/risk/state", {"trading_state": "HALTED"}, "operator"),
        ("PATCH", "/api/risk/limits", {"max_order_quantity": None}, "operator"),
    ],
)
def test_a_role_too_low_is_403_naming_the_role_needed(
    client: TestClient, method: str, path: str, body: object, needed: str
) -> None:
    role = Role.VIEWER if needed == "trader" else Role.TRADER
    answer = client.request(method, path, json=body, headers=key_headers(role))
    assert answer.status_code == 403, answer.text
    assert answer.json()["extra"]["missing"] == f"role {needed}"
    assert client.get("/api/risk/state", headers=key_headers()).json()["trading_state"] == "ACTIVE"


def test_health_and_status_stay_open(client: TestClient) -> None:
    assert client.get("/api/health").status_code == 200
    assert client.get("/api/health/database").status_code == 200
    assert client.get("/status").status_code == 200


def test_every_change_is_audited_with_the_key_id_never_the_key(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="odum.audit"):
        client.post("/api/orders", json=ORDER, headers=key_headers(Role.TRADER))
        client.patch("/api/risk/limits", json={"max_order_quantity": None}, headers=key_headers())
        client.put(
            "/api/risk/state", json={"trading_state": "HALTED"}, headers=key_headers(Role.VIEWER)
        )
        client.post("/api/orders", json=ORDER)
        client.get("/api/orders", headers=key_headers())
    lines = [r.getMessage() for r in caplog.records if r.name == "odum.audit"]
    assert lines[0] == "audit key=trader role=trader POST /api/orders -> 200"
    assert lines[1] == (
        "audit key=operator role=operator PATCH /api/risk/limits -> 200 "
        "(REMOVED max_order_quantity (was off))"
    )
    assert lines[2] == "audit key=viewer role=viewer PUT /api/risk/state -> 403"
    assert lines[3] == "audit key=- role=- POST /api/orders -> 401"
    assert len(lines) == 4  # reads are not audited
    assert not any(secret in caplog.text for secret in SECRETS.values())


def test_a_forged_log_line_in_the_path_stays_on_its_line(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="odum.audit"):
        client.delete("/api/orders/x%0Aaudit key=operator", headers=key_headers())
    [line] = [r.getMessage() for r in caplog.records if r.name == "odum.audit"]
    assert "\n" not in line
    assert line.startswith("audit key=operator role=operator DELETE /api/orders/x\\naudit")


def test_cors_is_closed_by_default(client: TestClient) -> None:
    preflight = client.options(
        "/api/orders",
        headers={"origin": "https://evil.example", "access-control-request-method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    answer = client.get("/api/orders", headers={**key_headers(), "origin": "https://evil.example"})
    assert "access-control-allow-origin" not in answer.headers


def test_configured_origins_are_allowed_and_no_other() -> None:
    with live_client({"allowed_origins": ["https://ops.example.com"]}) as client:
        ok = client.get(
            "/api/orders", headers={**key_headers(), "origin": "https://ops.example.com"}
        )
        other = client.get(
            "/api/orders", headers={**key_headers(), "origin": "https://evil.example"}
        )
    assert ok.headers["access-control-allow-origin"] == "https://ops.example.com"
    assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ],
)
def test_a_body_that_is_not_json_is_415(client: TestClient, content_type: str) -> None:
    body = b'{"operation_id": "a-1", "instrument_key": "x", "side": "BUY", "quantity": "1"}'
    answer = client.post(
        "/api/orders", content=body, headers={**key_headers(), "content-type": content_type}
    )
    assert answer.status_code == 415, answer.text
    assert "application/json" in answer.json()["detail"]
    assert client.get("/api/orders/a-1", headers=key_headers()).status_code == 404


def test_without_any_key_configured_everything_but_health_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ODUM_API_KEYS", raising=False)
    monkeypatch.delenv("ODUM_API_KEYS_FILE", raising=False)
    settings = parse_settings({})
    with TestClient(create_live_app(build_container("test", settings))) as client:
        assert client.get("/api/health").status_code == 200
        assert client.get("/api/orders", headers=key_headers()).status_code == 401
