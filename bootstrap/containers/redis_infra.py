"""Redis for the live profile, when `ODUM_REDIS_URL` is set: health probe and event streams."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from adapters.memory.health import NotUsedProbe
from adapters.redis.config import RedisConfig, redis_config
from ports.health_probe import HealthProbe


def redis_from_environment() -> RedisConfig | None:
    """Read when first provided (never at import); None: this deployment has no Redis."""
    return redis_config(os.environ)


def redis_probe(config: RedisConfig | None) -> HealthProbe:
    if config is None:
        return NotUsedProbe("redis")
    from adapters.redis.health import RedisHealthProbe

    return RedisHealthProbe(config)


def redis_event_stream(
    config: RedisConfig | None, position_of: Callable[[str], Any]
) -> Callable[[str, object], None] | None:
    """The publisher subscriber writing order, fill and position streams; None without Redis."""
    if config is None:
        return None
    from adapters.redis.event_stream import RedisEventStream

    return RedisEventStream(config, position_of=position_of)
