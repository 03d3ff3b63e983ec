"""Position repository port."""

from __future__ import annotations

from typing import Protocol

from domain.unified_position import UnifiedPosition


class PositionRepository(Protocol):
    """Unified positions by canonical instrument key."""

    async def get(self, instrument_key: str) -> UnifiedPosition | None: ...

    async def save(self, position: UnifiedPosition) -> None: ...

    async def list(self) -> list[UnifiedPosition]: ...
