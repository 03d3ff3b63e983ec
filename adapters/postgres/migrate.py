"""`python -m adapters.postgres.migrate upgrade|downgrade|current [REVISION]`, from any cwd."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, pool

from adapters.postgres.config import DatabaseUrlMissing, PostgresConfig

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "head"


def alembic_config(url: str) -> Config:
    """The Alembic config of this package; the URL travels as an attribute, never in a file."""
    ini = MIGRATIONS / "alembic.ini"
    config = Config(str(ini)) if ini.exists() else Config()  # a wheel may ship no .ini
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = url
    return config


def upgrade(url: str, revision: str = HEAD) -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "-1") -> None:
    command.downgrade(alembic_config(url), revision)


def current_revision(url: str) -> str | None:
    engine = create_engine(PostgresConfig(url=url).sqlalchemy_url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m adapters.postgres.migrate")
    parser.add_argument("action", choices=["upgrade", "downgrade", "current"])
    parser.add_argument("revision", nargs="?", help="target (default: head / one step down)")
    parser.add_argument(
        "--url-env", default="ODUM_DATABASE_URL", help="variable holding the database URL"
    )
    args = parser.parse_args(argv)
    url = os.environ.get(args.url_env, "").strip()
    if not url:
        parser.exit(2, f"error: {DatabaseUrlMissing(args.url_env)}\n")
    if args.action == "upgrade":
        upgrade(url, args.revision or HEAD)
    elif args.action == "downgrade":
        downgrade(url, args.revision or "-1")
    print(current_revision(url) or "(empty database)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
