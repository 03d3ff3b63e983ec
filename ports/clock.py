"""Clock port: the only source of time for the application layer."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """Wall or simulated time; `sleep` lets a simulated clock advance without waiting."""

    def now(self) -> datetime: ...

    def now_ns(self) -> int: ...

    async def sleep(self, seconds: float) -> None: ...
