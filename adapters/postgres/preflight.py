"""One connection attempt before a service starts: a wrong password is one clear line."""

from __future__ import annotations

import psycopg

from adapters.postgres.config import PostgresConfig
from adapters.postgres.engine import connection_kwargs


def database_problem(config: PostgresConfig) -> str | None:
    """None when the database answers; else what went wrong, without the URL or password."""
    try:
        with psycopg.connect(config.conninfo, **connection_kwargs(config)) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as error:
        lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
        # libpq puts the cause on the last line ("password authentication failed ...").
        cause = config.redact(lines[-1] if lines else type(error).__name__)
        return f"PostgreSQL refused the connection: {cause}"
    except OSError as error:
        return f"PostgreSQL is unreachable: {config.redact(str(error))}"
    return None
