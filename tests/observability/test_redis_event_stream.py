"""The Redis event stream never blocks or breaks the order path, and catches up after an outage."""

from __future__ import annotations

import asyncio

import pytest
import redis

from adapters.redis.config import RedisConfigError, redis_config
from adapters.redis.event_stream import RedisEventStream
from tests.builders import an_order
from tests.plugins.redis_server import RedisServer


async def test_events_queued_while_redis_is_down_are_sent_when_it_is_back(
    redis_server: RedisServer,
) -> None:
    config = redis_config({"ODUM_REDIS_URL": redis_server.url})
    assert config is not None
    stream = RedisEventStream(config, buffer_size=3)
    redis_server.stop()

    for n in range(5):
        stream("order.created", an_order().with_id(f"down-{n}").build())
    await stream.flush()
    assert stream.failures >= 1
    assert stream.sent == 0

    redis_server.start()
    stream("order.created", an_order().with_id("back").build())
    await stream.close()

    client = redis.Redis.from_url(redis_server.url, decode_responses=True)
    ids = [
        f["data"].split('"operation_id":"')[1].split('"')[0]
        for _, f in client.xrange("odum:orders")
    ]
    assert ids == ["down-3", "down-4", "back"]  # the oldest were dropped past the buffer
    assert stream.sent == 3


async def test_events_left_by_an_outage_are_sent_without_another_event(
    redis_server: RedisServer,
) -> None:
    config = redis_config({"ODUM_REDIS_URL": redis_server.url})
    assert config is not None
    stream = RedisEventStream(config)
    redis_server.stop()
    stream("order.created", an_order().with_id("last-fill-of-the-day").build())
    await stream.flush()
    assert stream.failures >= 1
    redis_server.start()
    client = redis.Redis.from_url(redis_server.url, decode_responses=True)
    try:
        for _ in range(200):  # nothing else is published: the stream must try again itself
            if client.xlen("odum:orders"):
                break
            await asyncio.sleep(0.05)
        assert client.xlen("odum:orders") == 1
        assert stream.sent == 1
    finally:
        await stream.close()
        client.close()


def test_the_url_is_parsed_and_its_password_never_printed() -> None:
    config = redis_config({"ODUM_REDIS_URL": "redis://app:p%40ss@cache.internal:6380/2"})
    assert config is not None
    assert (config.host, config.port, config.db) == ("cache.internal", 6380, 2)
    assert (config.username, config.password) == ("app", "p@ss")
    assert "p@ss" not in repr(config)
    assert "p@ss" not in config.safe_url
    assert redis_config({"ODUM_REDIS_URL": ""}) is None
    assert redis_config({}) is None


def test_a_bad_url_names_the_variable_and_the_form_expected() -> None:
    for bad in ("http://cache:6379", "redis://cache:port/0", "redis://cache:6379/zero"):
        with pytest.raises(RedisConfigError, match=r"ODUM_REDIS_URL: .*redis://"):
            redis_config({"ODUM_REDIS_URL": bad})
