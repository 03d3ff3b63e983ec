"""The committed state shared by every memory unit of work (the 'database')."""

from __future__ import annotations

import asyncio

from domain.fill import Fill
from domain.ids import ClientOrderId, OperationId
from domain.order import Order
from domain.unified_position import UnifiedPosition


class MemoryDatabase:
    """Committed orders, fills and positions; one lock serialises commits."""

    def __init__(self) -> None:
        self.orders: dict[OperationId, Order] = {}
        self.client_ids: dict[ClientOrderId, OperationId] = {}
        self.children: dict[OperationId, list[OperationId]] = {}
        self.fills: dict[tuple[str, str], Fill] = {}
        self.fills_by_order: dict[OperationId, list[Fill]] = {}
        self.positions: dict[str, UnifiedPosition] = {}
        self.lock = asyncio.Lock()
        self.commits = 0
        self.available = True
