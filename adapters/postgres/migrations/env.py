"""Alembic environment: runs the revisions online against the configured database."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine, pool

from adapters.postgres.config import PostgresConfig

DEFAULT_URL_ENV = "ODUM_DATABASE_URL"


def _url() -> str:
    config = context.config
    url = config.attributes.get("database_url") or os.environ.get(DEFAULT_URL_ENV, "")
    if not url:
        raise SystemExit(
            f"no database URL: set {DEFAULT_URL_ENV} (or run python -m adapters.postgres.migrate)"
        )
    return PostgresConfig(url=url).sqlalchemy_url


def run_migrations_online() -> None:
    engine = create_engine(_url(), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, transaction_per_migration=True)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) mode is not supported: run against a database")
run_migrations_online()
