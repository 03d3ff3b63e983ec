"""Per-order turns for recording progress, so an ack and its echo are not both recorded."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

import attrs

from domain.fill import Fill
from domain.ids import OperationId
from domain.order import Order


@attrs.define
class _Turn:
    lock: asyncio.Lock = attrs.field(factory=asyncio.Lock)
    users: int = 0
    claimed: set[str] = attrs.field(factory=set)


class OrderLocks:
    """One lock per order, kept only while someone holds or awaits it. The holder claims
    the trade ids it is recording, so an echo of them need not wait for its turn."""

    def __init__(self) -> None:
        self._turns: dict[OperationId, _Turn] = {}

    def all_claimed(self, order: Order, fills: Sequence[Fill]) -> bool:
        turn = self._turns.get(order.operation_id)
        known = order.seen_trade_ids | (turn.claimed if turn else set())
        return bool(fills) and all(fill.venue_trade_id in known for fill in fills)

    @asynccontextmanager
    async def hold(self, operation_id: OperationId) -> AsyncIterator[set[str]]:
        turn = self._turns.setdefault(operation_id, _Turn())
        turn.users += 1
        try:
            async with turn.lock:
                try:
                    yield turn.claimed
                finally:
                    turn.claimed.clear()
        finally:
            turn.users -= 1
            if not turn.users:
                del self._turns[operation_id]
