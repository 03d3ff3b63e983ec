"""Health probe of the database: `select 1` within a timeout, and the server's version."""

from __future__ import annotations

import asyncio
import time

from adapters.postgres.store import PostgresStore
from domain.errors import PersistenceUnavailable
from ports.health_probe import HealthReport

PROBE = "SELECT 1 AS ok, current_setting('server_version') AS server_version"


class PostgresHealthProbe:
    """Healthy when the database answers a trivial query in time."""

    def __init__(self, store: PostgresStore, *, timeout_seconds: float = 2.0) -> None:
        self._store, self._timeout = store, timeout_seconds

    async def check(self) -> HealthReport:
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self._timeout):
                rows = await self._store.fetch(PROBE, {})
        except TimeoutError:
            return HealthReport(
                healthy=False, error=f"PostgreSQL did not answer within {self._timeout:g}s"
            )
        except PersistenceUnavailable as unavailable:
            return HealthReport(healthy=False, error=str(unavailable))
        return HealthReport(
            healthy=True,
            details={
                "backend": "postgresql",
                "server_version": rows[0]["server_version"],
                "latency_ms": round((time.perf_counter() - started) * 1000, 2),
            },
        )
