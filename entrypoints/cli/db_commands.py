"""`odum db upgrade|downgrade|current [REVISION]`: the PostgreSQL schema of the live service."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("db", help="migrate the live PostgreSQL database (Alembic)")
    parser.add_argument("action", choices=("upgrade", "downgrade", "current"))
    parser.add_argument("revision", nargs="?", help="target (default: head / one step down)")
    parser.add_argument(
        "--config", type=Path, help="JSON configuration (its database.url_env names the variable)"
    )
    parser.set_defaults(handler=migrate)


def migrate(args: argparse.Namespace) -> int:
    from adapters.postgres import migrate as alembic
    from adapters.postgres.config import DatabaseUrlMissing, postgres_config
    from application.settings.schema import Settings
    from bootstrap.settings.loader import ConfigError, load_settings

    try:
        settings = load_settings(args.config) if args.config else Settings()
        url = postgres_config(settings.database).url
    except (ConfigError, DatabaseUrlMissing) as error:
        print(f"odum db: {error}", file=sys.stderr)
        return 2
    if args.action == "upgrade":
        alembic.upgrade(url, args.revision or alembic.HEAD)
    elif args.action == "downgrade":
        alembic.downgrade(url, args.revision or "-1")
    print(alembic.current_revision(url) or "(empty database)")
    return 0
