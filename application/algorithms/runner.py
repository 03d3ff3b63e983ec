"""One parent order worked by an algorithm: which children are due and what became of them."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Protocol

import attrs

from application.algorithms.slicing import ChildSlice
from domain.enums import ExecAlgorithm, OrderSide
from domain.errors import DomainError

ZERO = Decimal(0)


class RunState(StrEnum):
    """Whether a run still releases children, and if not, why."""

    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    CANCELED = "CANCELED"
    FAILED = "FAILED"


class InvalidChildEvent(DomainError):
    """A fill or close for a child that is not working, or a fill larger than it."""

    def __init__(self, sequence: int, reason: str) -> None:
        self.sequence, self.reason = sequence, reason
        super().__init__(f"child {sequence}: {reason}")


class ReleasePlan(Protocol):
    """What a run releases next: `TimedPlan` (NORMAL, TWAP, VWAP) or `IcebergScheduler`."""

    @property
    def next_due_ns(self) -> int | None: ...

    @property
    def unreleased_quantity(self) -> Decimal: ...

    def release(self, now_ns: int) -> list[tuple[int, Decimal]]: ...

    def on_fill(self, quantity: Decimal) -> None: ...

    def take_back(self, quantity: Decimal, due_ns: int) -> bool: ...

    def abandon(self) -> None: ...


@attrs.define
class _Working:
    child: ChildSlice
    filled: Decimal = ZERO

    @property
    def unfilled(self) -> Decimal:
        return self.child.quantity - self.filled


class AlgorithmRun:
    """Drives one parent order's children by time and child events, nothing else.

    `due(now_ns)` releases the children due by `now_ns` (send them in order) and
    `next_due_ns` says when to call it next. Report each child's fate: `on_fill` per
    fill (new fills only: de-duplicating venue trade ids is the order's job), `on_closed`
    when the venue ends a child short of filled. `cancel()` stops the releases. While
    RUNNING, filled + working + unreleased == total.
    """

    def __init__(
        self, *, algorithm: ExecAlgorithm, side: OrderSide, quantity: Decimal, plan: ReleasePlan
    ) -> None:
        self.algorithm, self.side, self.total_quantity = algorithm, side, quantity
        self.state = RunState.RUNNING
        self._plan = plan
        self._working: dict[int, _Working] = {}
        self._filled = ZERO
        self._next_sequence = 0

    @property
    def next_due_ns(self) -> int | None:
        """When `due` will next release something; None: not without a child event, or never.

        It may be in the past (an iceberg refresh, a re-issue): call `due` at once.
        """
        return self._plan.next_due_ns if self.state is RunState.RUNNING else None

    def due(self, now_ns: int) -> list[ChildSlice]:
        """Release and return the children due at or before `now_ns`; [] unless RUNNING."""
        if self.state is not RunState.RUNNING:
            return []
        released = []
        for due_ns, quantity in self._plan.release(now_ns):
            child = ChildSlice(sequence=self._next_sequence, due_ns=due_ns, quantity=quantity)
            self._next_sequence += 1
            self._working[child.sequence] = _Working(child)
            released.append(child)
        return released

    def on_fill(self, sequence: int, quantity: Decimal) -> None:
        """A fill of `quantity` on working child `sequence`; a child filled in full is done."""
        working = self._working_child(sequence)
        if quantity <= 0 or quantity > working.unfilled:
            raise InvalidChildEvent(sequence, f"fill of {quantity} with {working.unfilled} left")
        working.filled += quantity
        self._filled += quantity
        self._plan.on_fill(quantity)
        if working.unfilled == 0:
            del self._working[sequence]
        if self.state is RunState.RUNNING and self._filled == self.total_quantity:
            self.state = RunState.COMPLETED

    def on_closed(self, sequence: int) -> None:
        """The venue ended child `sequence` short of filled (REJECTED, EXPIRED, CANCELED).

        While RUNNING its unfilled quantity is sent again by the plan's rule (timed: on the
        next slice, else one re-issue; iceberg: shown again once); when the plan gives up
        the run is FAILED. After `cancel()` (or failure) the child is only closed.
        """
        working = self._working_child(sequence)
        del self._working[sequence]
        if self.state is not RunState.RUNNING:
            return
        if not self._plan.take_back(working.unfilled, working.child.due_ns):
            self._plan.abandon()
            self.state = RunState.FAILED

    def cancel(self) -> tuple[ChildSlice, ...]:
        """Release nothing more; returns the working children, to cancel at the venue."""
        if self.state is RunState.RUNNING:
            self._plan.abandon()
            self.state = RunState.CANCELED
        return self.working_children

    @property
    def working_children(self) -> tuple[ChildSlice, ...]:
        return tuple(w.child for w in self._working.values())

    @property
    def filled_quantity(self) -> Decimal:
        return self._filled

    @property
    def working_quantity(self) -> Decimal:
        """Released and still open at the venue."""
        return sum((w.unfilled for w in self._working.values()), ZERO)

    @property
    def unreleased_quantity(self) -> Decimal:
        """Still to be released by the plan (0 once cancelled or failed)."""
        return self._plan.unreleased_quantity

    @property
    def sent_quantity(self) -> Decimal:
        """Filled, or open at the venue (a child that ended unfilled no longer counts)."""
        return self._filled + self.working_quantity

    @property
    def remaining_quantity(self) -> Decimal:
        """The parent quantity not filled yet."""
        return self.total_quantity - self._filled

    @property
    def is_done(self) -> bool:
        """Nothing more will be released and no child is working."""
        return self.state is not RunState.RUNNING and not self._working

    def _working_child(self, sequence: int) -> _Working:
        if sequence not in self._working:
            raise InvalidChildEvent(sequence, "is not a working child of this run")
        return self._working[sequence]
