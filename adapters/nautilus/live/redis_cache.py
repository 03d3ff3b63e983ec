"""The TradingNode's cache and message bus backed by Redis when `ODUM_REDIS_URL` names one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from adapters.redis.config import RedisConfig, redis_config

if TYPE_CHECKING:
    from nautilus_trader.config import TradingNodeConfig

# Market data would swamp the streams; the strategy-service reads orders, fills, positions.
STREAM_PREFIX = "odum-node"


def with_redis(node_config: TradingNodeConfig, environ: Mapping[str, str]) -> TradingNodeConfig:
    """`node_config` with a Redis cache (orders, positions, accounts survive a restart of the
    node with the same trader id) and its message bus streamed to Redis; unchanged when
    Redis is not configured."""
    config = redis_config(environ)
    if config is None:
        return node_config
    import msgspec
    from nautilus_trader.config import CacheConfig, MessageBusConfig

    database = _database(config)
    cache = CacheConfig(
        database=database,
        encoding="msgpack",
        persist_account_events=True,
        flush_on_start=False,
    )
    bus = MessageBusConfig(
        database=database,
        encoding="json",
        streams_prefix=STREAM_PREFIX,
        use_trader_prefix=True,
        use_trader_id=True,
        use_instance_id=False,
        stream_per_topic=False,
        autotrim_mins=60,
        types_filter=_market_data_types(),
    )
    return msgspec.structs.replace(node_config, cache=cache, message_bus=bus)


def _database(config: RedisConfig) -> object:
    from nautilus_trader.config import DatabaseConfig

    return DatabaseConfig(
        type="redis",
        host=config.host,
        port=config.port,
        username=config.username,
        password=config.password,
        ssl=config.ssl,
        connection_timeout=5,
        response_timeout=5,
    )


def _market_data_types() -> list[type]:
    from nautilus_trader.model.data import OrderBookDelta, OrderBookDeltas, QuoteTick, TradeTick

    return [QuoteTick, TradeTick, OrderBookDelta, OrderBookDeltas]
