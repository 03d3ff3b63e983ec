"""Drives execution-algorithm runs: releases child slices on the clock and routes each."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from application.algorithms import AlgorithmRun, InvalidAlgorithmParams, RunState, schedule_for
from application.algorithms.param_parsing import parse_params
from application.execution.dispatcher import OrderDispatcher
from application.execution.venue_registry import VenueRegistry
from application.oms.order_tracking import OrderTracking
from application.oms.unified_oms import UnifiedOMS
from application.risk.engine import PreTradeRiskEngine
from domain.enums import TradingState
from domain.errors import InvalidOrderRequest
from domain.ids import OperationId
from domain.order import Order
from domain.order_request import OrderRequest
from ports.clock import Clock

log = logging.getLogger(__name__)
NS = 1_000_000_000


@attrs.define
class _Active:
    parent: Order
    run: AlgorithmRun
    pinned: str | None
    wake: asyncio.Event = attrs.field(factory=asyncio.Event)
    sequences: dict[OperationId, int] = attrs.field(factory=dict)
    reported: dict[OperationId, Decimal] = attrs.field(factory=dict)
    task: asyncio.Task[None] | None = None


class AlgorithmDriver:
    """One task per running algorithm: sleep until the next slice is due, send it, repeat.

    Child results are reported back to the run when a child closes, so a rejected child's
    quantity is carried forward and an Iceberg shows its next clip after a full fill.
    """

    def __init__(
        self,
        *,
        oms: UnifiedOMS,
        tracking: OrderTracking,
        dispatcher: OrderDispatcher,
        venues: VenueRegistry,
        risk: PreTradeRiskEngine,
        clock: Clock,
        defaults: Mapping[str, Mapping[str, Any]] | None = None,
        lot_size_for: Callable[[str], Decimal] = lambda _key: Decimal("0.00000001"),
    ) -> None:
        self._oms, self._tracking, self._dispatcher = oms, tracking, dispatcher
        self._venues, self._risk, self._clock = venues, risk, clock
        self._defaults = {k: dict(v) for k, v in (defaults or {}).items()}
        self._lot_size_for = lot_size_for
        self._active: dict[OperationId, _Active] = {}

    def validate(self, request: OrderRequest) -> None:
        """Refuse bad parameters before anything is recorded."""
        try:
            parse_params(
                request.exec_algorithm,
                request.exec_algorithm_params,
                self._defaults.get(request.exec_algorithm.value),
            )
        except InvalidAlgorithmParams as bad:
            raise InvalidOrderRequest(f"exec_algorithm_params.{bad.field}", bad.reason) from None

    def lot_size(self, venue_id: str | None, instrument_key: str) -> Decimal:
        """The lot of the children: that of the venue's own listing of the instrument."""
        listing = instrument_key
        if venue_id is not None:
            venue = self._venues.get(venue_id).venue
            listing = venue.listing_for(instrument_key) or listing
        return self._lot_size_for(listing)

    async def start(self, parent: Order, *, pinned: str | None) -> None:
        params = parse_params(
            parent.exec_algorithm,
            parent.exec_algorithm_params,
            self._defaults.get(parent.exec_algorithm.value),
        )
        lot = self.lot_size(pinned, parent.instrument_key)
        run = schedule_for(
            parent.exec_algorithm, parent.quantity, parent.side, self._clock.now_ns(), params, lot
        )
        active = _Active(parent=parent, run=run, pinned=pinned)
        self._active[parent.operation_id] = active
        self._tracking.adopt_parent(
            parent,
            more_coming=lambda: active.run.state is RunState.RUNNING,
            on_child_closed=lambda child: self._child_closed(active, child),
            on_cancel=lambda: self._cancel(active),
        )
        parent.submit_roll_up(
            venues=(pinned,) if pinned else (), venue_type=None, at=self._clock.now()
        )
        await self._oms.save(parent)
        await self._release_due(active)
        active.task = asyncio.create_task(self._drive(active), name=f"algo-{parent.operation_id}")

    async def _drive(self, active: _Active) -> None:
        try:
            while active.run.state is RunState.RUNNING:
                await self._wait(active)
                await self._release_due(active)
        except asyncio.CancelledError:
            raise
        except Exception:  # the parent must still close; its children are tracked anyway
            log.exception("algorithm %s stopped", active.parent.operation_id)
            active.run.cancel()
        finally:
            await self._tracking.maybe_finish_parent(active.parent)
            self._active.pop(active.parent.operation_id, None)

    async def _wait(self, active: _Active) -> None:
        active.wake.clear()
        due = active.run.next_due_ns
        waits: list[asyncio.Task[Any]] = [asyncio.create_task(active.wake.wait())]
        if due is not None:
            delay = max(0, due - self._clock.now_ns()) / NS
            waits.append(asyncio.create_task(self._clock.sleep(delay)))
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waits:
                waiter.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await waiter

    async def _release_due(self, active: _Active) -> None:
        for child_slice in active.run.due(self._clock.now_ns()):
            if self._risk.trading_state is TradingState.HALTED:
                active.parent.explain("trading halted: no further children sent")
                self._cancel(active)
                return
            child = self._dispatcher.new_child(
                active.parent, quantity=child_slice.quantity, suffix=f"A{child_slice.sequence}"
            )
            active.sequences[child.operation_id] = child_slice.sequence
            await self._oms.record_new(child)
            self._tracking.child_opened(child)
            await self._dispatcher.dispatch(child, allow_split=False, pinned=active.pinned)

    def _child_closed(self, active: _Active, child: Order) -> None:
        sequence = active.sequences.get(child.operation_id)
        if sequence is None:
            return
        new_fill = child.filled_quantity - active.reported.get(child.operation_id, Decimal(0))
        if new_fill > 0:
            active.run.on_fill(sequence, new_fill)
            active.reported[child.operation_id] = child.filled_quantity
        if child.leaves_quantity > 0:
            active.run.on_closed(sequence)
        active.wake.set()

    def _cancel(self, active: _Active) -> None:
        active.run.cancel()
        active.wake.set()

    def running(self) -> list[OperationId]:
        return list(self._active)

    async def stop(self) -> None:
        for active in list(self._active.values()):
            if active.task is not None:
                active.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await active.task
