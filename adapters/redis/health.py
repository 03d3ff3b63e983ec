"""`RedisHealthProbe`: PING and the server version of the configured Redis, for real."""

from __future__ import annotations

from typing import Any

from adapters.redis.config import RedisConfig
from ports.health_probe import HealthReport


class RedisHealthProbe:
    """Implements `ports.health_probe.HealthProbe`; the URL it reports has no password."""

    def __init__(self, config: RedisConfig, *, timeout_seconds: float = 2.0) -> None:
        self._config, self._timeout = config, timeout_seconds
        self._client: Any = None

    def _redis(self) -> Any:
        if self._client is None:
            import redis.asyncio as redis

            self._client = redis.Redis.from_url(
                self._config.url,
                socket_connect_timeout=self._timeout,
                socket_timeout=self._timeout,
            )
        return self._client

    async def check(self) -> HealthReport:
        details: dict[str, Any] = {"backend": "redis", "url": self._config.safe_url}
        try:
            client = self._redis()
            await client.ping()
            info = await client.info("server")
        except Exception as error:  # redis errors name host:port, never the password
            return HealthReport(
                healthy=False, details=details, error=f"{type(error).__name__}: {error}"
            )
        details["version"] = info.get("redis_version")
        return HealthReport(healthy=True, details=details)
