"""Where Redis is: one URL from the environment variable `ODUM_REDIS_URL`, never from a file."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import unquote, urlsplit

import attrs

REDIS_URL_ENV = "ODUM_REDIS_URL"


class RedisConfigError(ValueError):
    """The Redis URL cannot be used; the message names the variable, never the password."""


@attrs.frozen(kw_only=True, repr=False)
class RedisConfig:
    """Host, port, database and credentials parsed from a `redis://` or `rediss://` URL."""

    host: str
    port: int = 6379
    db: int = 0
    username: str | None = None
    password: str | None = None
    ssl: bool = False
    stream_prefix: str = "odum"
    stream_max_length: int = 100_000

    @property
    def url(self) -> str:
        """The URL to connect with (holds the password: never log it, use `safe_url`)."""
        scheme = "rediss" if self.ssl else "redis"
        credentials = ""
        if self.password is not None:
            credentials = f"{self.username or ''}:{self.password}@"
        elif self.username:
            credentials = f"{self.username}@"
        return f"{scheme}://{credentials}{self.host}:{self.port}/{self.db}"

    @property
    def safe_url(self) -> str:
        scheme = "rediss" if self.ssl else "redis"
        return f"{scheme}://{self.host}:{self.port}/{self.db}"

    def __repr__(self) -> str:
        return f"RedisConfig({self.safe_url})"


def redis_config(environ: Mapping[str, str], *, env: str = REDIS_URL_ENV) -> RedisConfig | None:
    """None when the variable is unset or empty: this deployment does not use Redis."""
    raw = environ.get(env, "").strip()
    if not raw:
        return None
    try:
        parts = urlsplit(raw)
        port = parts.port or 6379
        db_text = parts.path.lstrip("/") or "0"
        db = int(db_text)
    except ValueError:
        raise RedisConfigError(
            f"{env}: not a Redis URL (expected redis://[user:password@]host:port/db)"
        ) from None
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise RedisConfigError(
            f"{env}: expected redis://[user:password@]host:port/db or rediss://..."
        )
    return RedisConfig(
        host=parts.hostname,
        port=port,
        db=db,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        ssl=parts.scheme == "rediss",
    )
