"""Redis in the live profile: a real health check, and the event streams the strategy-service
reads; without Redis the health page says `not_used`, never healthy."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
import redis
from litestar.testing import TestClient

from adapters.auth.keys import Role
from entrypoints.http.live_app import create_live_app
from tests.api.keys import TEST_KEYS, key_headers
from tests.plugins.redis_server import RedisServer
from tests.postgres.live_container import BTC, VENUE, live_container

SECRET = "s3cret-redis-password-5521"


@pytest.fixture
def guarded_redis() -> Iterator[RedisServer]:
    server = RedisServer(password=SECRET)
    server.start()
    try:
        yield server
    finally:
        server.destroy()


def order(operation_id: str, quantity: str = "1") -> dict[str, str]:
    return {
        "operation_id": operation_id,
        "instrument_key": BTC,
        "side": "BUY",
        "quantity": quantity,
    }


def entries(url: str, stream: str) -> list[tuple[str, dict[str, object]]]:
    client = redis.Redis.from_url(url, decode_responses=True)
    return [(f["topic"], json.loads(f["data"])) for _, f in client.xrange(stream)]


def test_without_redis_the_probe_says_not_used(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ODUM_REDIS_URL", raising=False)
    with TestClient(
        create_live_app(live_container(postgres_url, monkeypatch), keys=TEST_KEYS)
    ) as client:
        client.headers.update(key_headers(Role.OPERATOR))
        answer = client.get("/api/health/redis")
    assert answer.status_code == 200
    assert answer.json()["status"] == "not_used"


def test_the_probe_checks_redis_for_real_and_never_shows_the_password(
    postgres_url: str, guarded_redis: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ODUM_REDIS_URL", guarded_redis.url)
    with TestClient(
        create_live_app(live_container(postgres_url, monkeypatch), keys=TEST_KEYS)
    ) as client:
        client.headers.update(key_headers(Role.OPERATOR))
        up = client.get("/api/health/redis")
        assert up.status_code == 200, up.text
        assert up.json()["status"] == "healthy"
        assert up.json()["version"]
        guarded_redis.stop()
        down = client.get("/api/health/redis")
    assert down.status_code == 503
    assert down.json()["status"] == "unhealthy"
    assert "ConnectionError" in down.json()["error"]
    assert SECRET not in up.text
    assert SECRET not in down.text


def test_a_wrong_password_is_unhealthy(
    postgres_url: str, guarded_redis: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ODUM_REDIS_URL", guarded_redis.url.replace(SECRET, "wrong-one"))
    with TestClient(
        create_live_app(live_container(postgres_url, monkeypatch), keys=TEST_KEYS)
    ) as client:
        client.headers.update(key_headers(Role.OPERATOR))
        answer = client.get("/api/health/redis")
    assert answer.status_code == 503
    assert "wrong-one" not in answer.text


def test_orders_fills_and_positions_reach_the_redis_streams(
    postgres_url: str, redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ODUM_REDIS_URL", redis_server.url)
    with TestClient(
        create_live_app(live_container(postgres_url, monkeypatch), keys=TEST_KEYS)
    ) as client:
        client.headers.update(key_headers(Role.OPERATOR))
        assert client.post("/api/orders", json=order("s-1", "1")).json()["status"] == "FILLED"
        assert client.post("/api/orders", json=order("s-2", "0.5")).json()["status"] == "FILLED"
        client.get("/api/health")  # one more turn of the loop: the stream task has run

    orders = entries(redis_server.url, "odum:orders")
    fills = entries(redis_server.url, "odum:fills")
    positions = entries(redis_server.url, "odum:positions")
    assert [(t, d["operation_id"], d["status"]) for t, d in orders] == [
        ("order.created", "s-1", "PENDING"),
        ("order.accepted", "s-1", "ACCEPTED"),
        ("order.filled", "s-1", "FILLED"),
        ("order.created", "s-2", "PENDING"),
        ("order.accepted", "s-2", "ACCEPTED"),
        ("order.filled", "s-2", "FILLED"),
    ]
    assert {(d["operation_id"], d["quantity"]) for _, d in fills} == {("s-1", "1"), ("s-2", "0.5")}
    assert all(d["venue"] == VENUE for _, d in fills)
    last_topic, last_position = positions[-1]
    assert last_topic == "position.changed"
    assert last_position["instrument_key"] == BTC
    assert Decimal(last_position["venues"][VENUE]["quantity"]) == Decimal("1.5")
