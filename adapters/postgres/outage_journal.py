"""The PostgreSQL store's local outage journal: JSON lines appended to a file, fsynced."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from domain.fill import Fill
from domain.order import Order


def fill_line(fill: Fill) -> dict[str, object]:
    return {
        "kind": "fill",
        "fill_id": fill.fill_id,
        "operation_id": fill.operation_id,
        "venue": fill.venue,
        "venue_trade_id": fill.venue_trade_id,
        "instrument_key": fill.instrument_key,
        "side": fill.side.value,
        "quantity": str(fill.quantity),
        "price": str(fill.price),
        "fee": str(fill.fee),
        "fee_currency": fill.fee_currency,
        "ts_event": fill.ts_event,
    }


def order_line(order: Order) -> dict[str, object]:
    return {
        "kind": "order",
        "operation_id": order.operation_id,
        "client_order_id": order.client_order_id,
        "venue": order.venue_label,
        "venue_order_id": order.venue_order_id,
        "status": order.status.value,
        "filled_quantity": str(order.filled_quantity),
        "avg_fill_price": None if order.avg_fill_price is None else str(order.avg_fill_price),
    }


class FileOutageJournal:
    """Append-only: nothing is rewritten; a `written` line marks what reached the store."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _append(self, lines: list[dict[str, object]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as journal:
            journal.writelines(json.dumps(line, sort_keys=True) + "\n" for line in lines)
            journal.flush()
            os.fsync(journal.fileno())

    def parked(self, fills: Sequence[Fill], orders: Sequence[Order]) -> None:
        self._append([fill_line(f) for f in fills] + [order_line(o) for o in orders])

    def written(self, fill_count: int, order_count: int) -> None:
        self._append([{"kind": "written", "fills": fill_count, "orders": order_count}])

    def lines(self) -> list[dict[str, object]]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text("utf-8").splitlines() if line]
