"""Top-5 rows of a rebuilt order book, sampled after applied depth diffs."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from adapters.importers.binance_depth_sync import DepthDiff
from adapters.importers.order_book import OrderBook
from adapters.importers.tick_tables import BOOK_LEVELS, book_table


class BookRecorder:
    """Top-5 rows of the rebuilt book, sampled after applied diffs."""

    def __init__(self, interval_ns: int) -> None:
        self.book = OrderBook()
        self._interval_ns = interval_ns
        self._next_due = 0
        self._rows: list[tuple[int, int, int, list[float]]] = []

    def record(self, diff: DepthDiff, local_ns: int) -> None:
        if diff.ts_event < self._next_due:
            return
        self._next_due = diff.ts_event + self._interval_ns
        levels: list[float] = []
        for side in (self.book.bids, self.book.asks):
            best = side.best(BOOK_LEVELS) + [(np.nan, np.nan)] * BOOK_LEVELS
            levels += [price for price, _ in best[:BOOK_LEVELS]]
            levels += [size for _, size in best[:BOOK_LEVELS]]
        self._rows.append((diff.ts_event, local_ns, diff.last_id, levels))

    def _order(self) -> np.ndarray:
        return np.argsort(np.array([row[0] for row in self._rows], dtype=np.int64), kind="stable")

    def update_ids(self) -> np.ndarray:
        return np.array([row[2] for row in self._rows], dtype=np.int64)[self._order()]

    def table(self, key: str) -> pa.Table:
        order = self._order()
        levels = np.array([row[3] for row in self._rows], dtype=np.float64).reshape(-1, 4, 5)
        levels = levels[order]
        return book_table(
            key,
            ts_event=np.array([row[0] for row in self._rows], dtype=np.int64)[order],
            ts_init=np.array([row[1] for row in self._rows], dtype=np.int64)[order],
            bid_price=levels[:, 0],
            bid_size=levels[:, 1],
            ask_price=levels[:, 2],
            ask_size=levels[:, 3],
        )
