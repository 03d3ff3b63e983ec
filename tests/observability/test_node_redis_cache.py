"""The TradingNode's cache lives in Redis: a filled order is still known to the next node."""

from __future__ import annotations

import os

import pytest
import redis

from adapters.nautilus.live.redis_cache import STREAM_PREFIX
from domain.enums import OrderStatus
from tests.nautilus_live.conftest import StartService
from tests.nautilus_live.paper import replay
from tests.plugins.redis_server import RedisServer


@pytest.fixture
def redis_env(redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch) -> RedisServer:
    monkeypatch.setenv("ODUM_REDIS_URL", redis_server.url)
    return redis_server


async def test_node_state_survives_a_restart_through_redis(
    paper_service: StartService, redis_env: RedisServer
) -> None:
    assert os.environ["ODUM_REDIS_URL"] == redis_env.url
    service = await paper_service(replay=replay(trades=False))
    await service.replay(20)
    body = await service.post(operation_id="r-1", quantity="0.010")
    assert body["status"] == "FILLED", body
    stored = await service.order("r-1")
    client_order_id = stored["client_order_id"]
    await service.venue.disconnect()

    keys = [k.decode() for k in redis.Redis.from_url(redis_env.url).keys("*")]
    assert any(":orders:" in k and client_order_id in k for k in keys), keys
    [stream] = [k for k in keys if k.endswith(f":{STREAM_PREFIX}")]
    topics = {
        fields[b"topic"].decode()
        for _, fields in redis.Redis.from_url(redis_env.url).xrange(stream, count=10_000)
    }
    assert any(t.startswith("events.order.") for t in topics), topics
    assert any(t.startswith("events.position.") for t in topics), topics
    assert not any(t.startswith("data.") for t in topics), topics  # market data filtered out

    redis_env.restart()  # the server's own restart keeps it too (append-only file)
    await service.venue.connect()
    cache = service.venue.node.node.kernel.cache
    known = {str(order.client_order_id) for order in cache.orders()}
    assert client_order_id in known
    [order] = [o for o in cache.orders() if str(o.client_order_id) == client_order_id]
    assert order.is_closed
    assert order.status_string() == OrderStatus.FILLED.value
