"""Iceberg: a large parent shown to the book a small child at a time."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from application.algorithms.params import IcebergParams, InvalidAlgorithmParams

ZERO = Decimal(0)


class IcebergScheduler:
    """Shows one child of at most `visible_quantity` at a time, the next once it is filled.

    Refresh rule: the next child is released only when the working one is completely
    filled; a partial fill shrinks what is shown and nothing is topped up, so the book
    never sees more than `visible_quantity` nor more than what is left of the parent.
    The last child shows whatever remains. A child that ends unfilled (rejected, expired,
    cancelled by the venue) gives its unfilled quantity back to the hidden reserve and is
    shown again at once; a second such end with no fill in between gives up.
    """

    def __init__(
        self,
        *,
        quantity: Decimal,
        params: IcebergParams,
        start_ns: int,
        lot_size: Decimal,
        min_size: Decimal | None = None,
    ) -> None:
        visible = params.visible_quantity
        if Fraction(visible) % Fraction(lot_size):
            raise InvalidAlgorithmParams(
                "visible_quantity", f"must be a whole number of lots of {lot_size}"
            )
        if min_size is not None and visible < min_size:
            raise InvalidAlgorithmParams("visible_quantity", f"is below the minimum {min_size}")
        self._visible = visible
        self._hidden = quantity
        self._working = ZERO
        self._ready_ns = start_ns
        self._shown_again = False

    @property
    def visible_quantity(self) -> Decimal:
        return self._visible

    @property
    def working_quantity(self) -> Decimal:
        """What the book sees now: the unfilled part of the working child."""
        return self._working

    @property
    def unreleased_quantity(self) -> Decimal:
        """The hidden reserve, not yet shown."""
        return self._hidden

    @property
    def next_due_ns(self) -> int | None:
        """When the next child may be shown (already past once the last one filled)."""
        return self._ready_ns if self._working == 0 and self._hidden > 0 else None

    def release(self, now_ns: int) -> list[tuple[int, Decimal]]:
        """Show the next child if none is working: (now_ns, min(visible, reserve))."""
        due = self.next_due_ns
        if due is None or due > now_ns:
            return []
        shown = min(self._visible, self._hidden)
        self._hidden -= shown
        self._working, self._ready_ns = shown, now_ns
        return [(now_ns, shown)]

    def on_fill(self, quantity: Decimal) -> None:
        if quantity > self._working:
            raise ValueError(f"fill of {quantity} exceeds the {self._working} shown")
        self._working -= quantity
        self._shown_again = False

    def take_back(self, quantity: Decimal, _due_ns: int) -> bool:
        """The working child ended with `quantity` unfilled; False if it is time to give up."""
        if quantity > self._working:
            raise ValueError(f"{quantity} taken back exceeds the {self._working} shown")
        self._working -= quantity
        self._hidden += quantity
        if self._shown_again:
            return False
        self._shown_again = True
        return True

    def abandon(self) -> None:
        """Show nothing more (the run was cancelled or gave up)."""
        self._hidden = ZERO
