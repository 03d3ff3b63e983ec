"""Health probes for in-process dependencies."""

from __future__ import annotations

from adapters.memory.store import MemoryDatabase
from ports.health_probe import HealthReport


class MemoryDatabaseProbe:
    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    async def check(self) -> HealthReport:
        if not self._db.available:
            return HealthReport(healthy=False, error="memory database marked unavailable")
        return HealthReport(
            healthy=True, details={"backend": "memory", "commits": self._db.commits}
        )


class NotUsedProbe:
    """A dependency this deployment does not use (e.g. Redis): healthy, and says so."""

    def __init__(self, name: str) -> None:
        self._name = name

    async def check(self) -> HealthReport:
        return HealthReport(
            healthy=True, details={"configured": False, "detail": f"{self._name} is not used"}
        )
