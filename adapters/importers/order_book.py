"""A price-level (L2) order book rebuilt from absolute level quantities."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable

Level = tuple[float, float]


class BookSide:
    """One side's levels, best first: bids by descending price, asks by ascending price."""

    def __init__(self, *, descending: bool) -> None:
        self._sign = -1.0 if descending else 1.0
        self._sizes: dict[float, float] = {}
        self._keys: list[float] = []  # sign * price, ascending: best level first

    def set(self, price: float, size: float) -> None:
        """Absolute size at a price; zero removes the level (absent levels are ignored)."""
        key = self._sign * price
        if size == 0.0:
            if self._sizes.pop(key, None) is not None:
                del self._keys[bisect_left(self._keys, key)]
            return
        if key not in self._sizes:
            insort(self._keys, key)
        self._sizes[key] = size

    def replace(self, levels: Iterable[Level]) -> None:
        self._sizes = {self._sign * price: size for price, size in levels if size != 0.0}
        self._keys = sorted(self._sizes)

    def best(self, depth: int) -> list[Level]:
        return [(self._sign * key, self._sizes[key]) for key in self._keys[:depth]]

    def __len__(self) -> int:
        return len(self._keys)


class OrderBook:
    """Both sides of one instrument's book."""

    def __init__(self) -> None:
        self.bids = BookSide(descending=True)
        self.asks = BookSide(descending=False)

    def replace(self, bids: Iterable[Level], asks: Iterable[Level]) -> None:
        self.bids.replace(bids)
        self.asks.replace(asks)

    def apply(self, bids: Iterable[Level], asks: Iterable[Level]) -> None:
        for price, size in bids:
            self.bids.set(price, size)
        for price, size in asks:
            self.asks.set(price, size)
