"""A trader's desk for one algorithm run in a scenario: the clock, the children sent, fills."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from application.algorithms import (
    AlgorithmRun,
    ChildSlice,
    InvalidAlgorithmParams,
    schedule_for,
)
from domain.enums import ExecAlgorithm, OrderSide

S = 1_000_000_000
DAY = 86_400 * S
START = 1_704_103_200 * S  # 2024-01-01 10:00 UTC


@attrs.define
class AlgorithmDesk:
    """Starts a run, moves the clock as an async driver would, and records what was sent."""

    lot_size: Decimal
    volume_history: list[tuple[int, Decimal]] = attrs.field(factory=list)
    now_ns: int = START
    sent: list[ChildSlice] = attrs.field(factory=list)
    filled_by_child: dict[int, Decimal] = attrs.field(factory=dict)
    refusal: InvalidAlgorithmParams | None = None
    _run: AlgorithmRun | None = None

    @property
    def run(self) -> AlgorithmRun:
        assert self._run is not None, "no algorithm was started"
        return self._run

    def start(
        self, algorithm: ExecAlgorithm, side: OrderSide, quantity: Decimal, params: dict[str, Any]
    ) -> None:
        self._run = schedule_for(
            algorithm, quantity, side, START, params, self.lot_size, self.volume_history
        )

    def try_start(self, algorithm: ExecAlgorithm, params: dict[str, Any]) -> None:
        try:
            self.start(algorithm, OrderSide.BUY, Decimal(1), params)
        except InvalidAlgorithmParams as refused:
            self.refusal = refused

    def run_clock_to(self, seconds: int, *, fill: bool) -> None:
        """Wake at each `next_due_ns` up to START + seconds, sending (and filling) what is due."""
        end_ns = START + seconds * S
        if fill:
            self.fill_working()
        while (due_ns := self.run.next_due_ns) is not None and due_ns <= end_ns:
            self.now_ns = max(self.now_ns, due_ns)
            self.sent += self.run.due(self.now_ns)
            if fill:
                self.fill_working()
        self.now_ns = max(self.now_ns, end_ns)

    def fill_working(self) -> None:
        for child in self.run.working_children:
            self.fill(child, child.quantity - self.filled_by_child.get(child.sequence, Decimal(0)))

    def fill(self, child: ChildSlice, quantity: Decimal) -> None:
        self.run.on_fill(child.sequence, quantity)
        self.filled_by_child[child.sequence] = (
            self.filled_by_child.get(child.sequence, Decimal(0)) + quantity
        )

    def only_working(self) -> ChildSlice:
        working = self.run.working_children
        assert len(working) == 1, f"expected one working child, found {len(working)}"
        return working[0]
