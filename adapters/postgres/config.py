"""Frozen configuration of the PostgreSQL adapter; the URL comes from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping

import attrs

from application.settings.schema import DatabaseSettings


class DatabaseUrlMissing(Exception):
    """The environment variable that should hold the database URL is not set."""

    def __init__(self, variable: str) -> None:
        self.variable = variable
        super().__init__(
            f"the database URL is read from the environment variable {variable}, which is not "
            "set: export it (e.g. postgresql://user:password@host:5432/odum)"
        )


@attrs.frozen(kw_only=True)
class PostgresConfig:
    """Where and how to connect. `url` is a secret: it never appears in repr, logs or errors."""

    url: str = attrs.field(repr=False)
    pool_min_size: int = 2
    pool_max_size: int = 10
    statement_timeout_ms: int = 5_000
    connect_timeout_seconds: float = 3.0
    acquire_timeout_seconds: float = 3.0
    max_batch: int = 512

    @property
    def conninfo(self) -> str:
        """The URL as libpq accepts it (SQLAlchemy's `+psycopg` driver suffix removed)."""
        scheme, sep, rest = self.url.partition("://")
        return f"{scheme.split('+')[0]}{sep}{rest}" if sep else self.url

    @property
    def sqlalchemy_url(self) -> str:
        """The URL for SQLAlchemy engines (Alembic), always with the psycopg 3 driver."""
        _, sep, rest = self.url.partition("://")
        return f"postgresql+psycopg://{rest}" if sep else self.url

    def redact(self, text: str) -> str:
        """`text` with the URL (and its password) replaced, for messages."""
        for secret in (self.url, self.conninfo, self.sqlalchemy_url):
            text = text.replace(secret, "<database-url>")
        return text


def postgres_config(
    settings: DatabaseSettings, environ: Mapping[str, str] | None = None
) -> PostgresConfig:
    """Build the config from `settings.database`, reading the URL from `settings.url_env`."""
    env = os.environ if environ is None else environ
    url = env.get(settings.url_env, "").strip()
    if not url:
        raise DatabaseUrlMissing(settings.url_env)
    return PostgresConfig(
        url=url, pool_min_size=settings.pool_min_size, pool_max_size=settings.pool_max_size
    )
