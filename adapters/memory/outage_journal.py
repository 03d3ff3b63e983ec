"""In-process outage journal: the entries kept as a list (tests and the default)."""

from __future__ import annotations

from collections.abc import Sequence

from domain.fill import Fill
from domain.order import Order


class MemoryOutageJournal:
    """Keeps every parked fill and order state, and the write markers, in order."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, object]] = []

    def parked(self, fills: Sequence[Fill], orders: Sequence[Order]) -> None:
        self.entries.extend(("fill", fill) for fill in fills)
        self.entries.extend(
            ("order", (o.operation_id, o.status, o.filled_quantity)) for o in orders
        )

    def written(self, fill_count: int, order_count: int) -> None:
        self.entries.append(("written", (fill_count, order_count)))

    @property
    def parked_fills(self) -> list[object]:
        return [entry for kind, entry in self.entries if kind == "fill"]
