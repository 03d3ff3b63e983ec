"""The release plan of the clock-driven algorithms (NORMAL, TWAP, VWAP)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from decimal import Decimal

from application.algorithms.slicing import ChildSlice


class TimedPlan:
    """Releases planned slices when due; a rejected child's quantity rides on a later one.

    Carry rule: the unfilled quantity of a child that ended unfilled (rejected, expired,
    cancelled by the venue) is added to the next slice not yet released, so it goes out
    later, never earlier than planned. If no slice is left, one extra child with that
    quantity is appended, due at once (at the ended child's due time); that happens once
    per run, and an unfilled end that finds nothing left after it gives up.
    """

    def __init__(self, slices: Iterable[ChildSlice]) -> None:
        self._pending: deque[tuple[int, Decimal]] = deque((s.due_ns, s.quantity) for s in slices)
        self._reissued = False

    @property
    def next_due_ns(self) -> int | None:
        return self._pending[0][0] if self._pending else None

    @property
    def unreleased_quantity(self) -> Decimal:
        return sum((quantity for _, quantity in self._pending), Decimal(0))

    def release(self, now_ns: int) -> list[tuple[int, Decimal]]:
        """Pop every slice due at or before `now_ns`, in plan order."""
        released = []
        while self._pending and self._pending[0][0] <= now_ns:
            released.append(self._pending.popleft())
        return released

    def on_fill(self, quantity: Decimal) -> None:
        """Fills do not change a timed plan."""

    def take_back(self, quantity: Decimal, due_ns: int) -> bool:
        """Carry an unfilled quantity forward; False once there is nowhere left to put it."""
        if self._pending:
            next_due, next_quantity = self._pending[0]
            self._pending[0] = (next_due, next_quantity + quantity)
            return True
        if self._reissued:
            return False
        self._reissued = True
        self._pending.append((due_ns, quantity))
        return True

    def abandon(self) -> None:
        """Release nothing more (the run was cancelled or gave up)."""
        self._pending.clear()
