"""Connection pool factory (psycopg 3 async pool); called from bootstrap only, never at import."""

from __future__ import annotations

from typing import Any

from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from adapters.postgres.config import PostgresConfig

# Every query of this adapter is a point lookup or a batch of them joined by key. Prepared
# statements keep a generic plan, and one planned while a table was small (a new deployment,
# a truncated test database) would seq-scan or hash-join it forever after, getting slower as
# the table grows. Nested loops over the indexes are right at every size.
PLANNER = "-c enable_seqscan=off -c enable_hashjoin=off -c enable_mergejoin=off"


def connection_kwargs(config: PostgresConfig) -> dict[str, Any]:
    """Autocommit connections (transactions are explicit), rows as dicts, UTC, bounded time."""
    return {
        "autocommit": True,
        "row_factory": dict_row,
        "connect_timeout": max(1, round(config.connect_timeout_seconds)),
        "options": f"-c statement_timeout={config.statement_timeout_ms} -c timezone=UTC {PLANNER}",
        "application_name": "odum-execution",
    }


def create_pool(config: PostgresConfig) -> AsyncConnectionPool[AsyncConnection[Any]]:
    """A closed pool: open it inside the running event loop (`await pool.open(wait=False)`)."""
    return AsyncConnectionPool(
        config.conninfo,
        min_size=config.pool_min_size,
        max_size=config.pool_max_size,
        kwargs=connection_kwargs(config),
        open=False,
        timeout=config.acquire_timeout_seconds,
        reconnect_timeout=config.acquire_timeout_seconds * 10,
        name="odum-execution",
    )
