"""Health probe port: whether one dependency (database, redis, storage) is usable now."""

from __future__ import annotations

from typing import Any, Protocol

import attrs


@attrs.frozen(kw_only=True)
class HealthReport:
    healthy: bool
    details: dict[str, Any] = attrs.field(factory=dict)
    error: str | None = None


class HealthProbe(Protocol):
    async def check(self) -> HealthReport: ...
