"""Generators of client order ids and fill ids, unique across restarts."""

from __future__ import annotations

import itertools

from domain.ids import ClientOrderId, FillId

_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(value: int) -> str:
    digits = []
    while True:
        value, rem = divmod(value, 36)
        digits.append(_ALPHABET[rem])
        if not value:
            return "".join(reversed(digits))


class IdGenerator:
    """`O<epoch-ms base36>N<n>`: short (venues cap label length), monotonic per process, and
    letters and digits only (OKX refuses any other character in a `clOrdId`: 51000). The
    stem is lowercase, so the uppercase `N` cannot be part of it."""

    def __init__(self, start_ns: int, prefix: str = "O") -> None:
        self._stem = f"{prefix}{_base36(start_ns // 1_000_000)}"
        self._orders = itertools.count(1)
        self._fills = itertools.count(1)

    def client_order_id(self) -> ClientOrderId:
        return ClientOrderId(f"{self._stem}N{next(self._orders)}")

    def fill_id(self) -> FillId:
        return FillId(f"F{self._stem[1:]}-{next(self._fills)}")
