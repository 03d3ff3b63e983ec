"""A nautilus ExecAlgorithm that works each primary order with a pure `AlgorithmRun`.

The run decides which children are due; this class only spawns them (a market or limit
child of the primary's type and price), wakes itself with clock alerts when the next one
is due, and reports every child's fills and unfilled ends back to the run. The last slice
is the primary order itself, so the primary is never left behind with quantity; a
primary the run no longer needs (cancelled, given up) is closed locally. Cancelling any
order of a run cancels the run. Nothing here assumes a backtest: a live node registers
the same classes.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar

import attrs
from nautilus_trader.core.uuid import UUID4
from nautilus_trader.execution.algorithm import ExecAlgorithm
from nautilus_trader.execution.config import ExecAlgorithmConfig
from nautilus_trader.execution.messages import CancelOrder
from nautilus_trader.model.enums import OrderType
from nautilus_trader.model.identifiers import ClientOrderId
from nautilus_trader.model.orders import Order

from application.algorithms import AlgorithmRun, InvalidChildEvent, RunState, schedule_for
from application.algorithms.param_parsing import parse_params
from application.algorithms.slicing import ChildSlice
from domain.enums import ExecAlgorithm as Algorithm
from domain.enums import OrderSide
from domain.errors import DomainError


class ScheduledAlgorithmConfig(ExecAlgorithmConfig, frozen=True):
    """`defaults`: parameters used where an order's `exec_algorithm_params` omit them."""

    defaults: dict[str, Any] | None = None


@attrs.define
class _Working:
    primary_id: ClientOrderId
    run: AlgorithmRun
    primary_used: bool = False
    alerts: int = 0
    sequences: dict[ClientOrderId, int] = attrs.field(factory=dict)


class ScheduledExecAlgorithm(ExecAlgorithm):
    """Base of TWAP, VWAP and Iceberg: one `AlgorithmRun` per primary order."""

    algorithm: ClassVar[Algorithm]

    def __init__(self, config: ScheduledAlgorithmConfig | None = None) -> None:
        super().__init__(config or ScheduledAlgorithmConfig(exec_algorithm_id=self.algorithm.value))
        self._defaults = dict(getattr(self.config, "defaults", None) or {})
        self._runs: dict[ClientOrderId, _Working] = {}
        self._child_of: dict[ClientOrderId, ClientOrderId] = {}

    def volume_history(self, primary: Order) -> Iterable[tuple[int, Decimal]] | None:
        """Past (ts_ns, volume) observations for the schedule; only VWAP reads them."""
        return None

    def on_start(self) -> None:
        """Nothing to subscribe: an algorithm wakes on its primaries and its own alerts."""

    def on_stop(self) -> None:
        """Runs still working stay as they are; their orders remain in the cache."""

    # -- a new primary --------------------------------------------------------------
    def on_order(self, order: Order) -> None:
        instrument = self.cache.instrument(order.instrument_id)
        lot = instrument.size_increment.as_decimal()
        raw = dict(order.exec_algorithm_params or {})
        try:
            params = parse_params(self.algorithm, raw, self._defaults)
            run = schedule_for(
                self.algorithm,
                order.quantity.as_decimal(),
                OrderSide(order.side_string()),
                self.clock.timestamp_ns(),
                params,
                lot,
                self.volume_history(order),
                min_size=instrument.min_quantity.as_decimal() if instrument.min_quantity else lot,
            )
        except (ValueError, TypeError, DomainError) as error:
            self.log.error(f"{order.client_order_id}: cannot schedule: {error}")
            self._close_locally(order)
            return
        working = _Working(primary_id=order.client_order_id, run=run)
        self._runs[order.client_order_id] = working
        self._child_of[order.client_order_id] = order.client_order_id
        self._release(working)

    # -- releasing children -----------------------------------------------------------
    def _release(self, working: _Working) -> None:
        primary = self.cache.order(working.primary_id)
        while True:
            now = self.clock.timestamp_ns()
            due = working.run.due(now)
            for child in due:
                self._send(working, primary, child)
            upcoming = working.run.next_due_ns
            if not due or upcoming is None or upcoming > now:
                break
        self._arm(working)
        self._finish_if_done(working, primary)

    def _send(self, working: _Working, primary: Order, child: ChildSlice) -> None:
        instrument = self.cache.instrument(primary.instrument_id)
        quantity = instrument.make_qty(child.quantity)
        last = working.run.unreleased_quantity == 0
        if not working.primary_used and last and primary.quantity == quantity:
            working.primary_used = True
            working.sequences[primary.client_order_id] = child.sequence
            self.submit_order(primary)
            return
        reduce = not working.primary_used and primary.quantity > quantity
        if primary.order_type == OrderType.LIMIT:
            order = self.spawn_limit(
                primary, quantity, primary.price, primary.time_in_force, reduce_primary=reduce
            )
        else:
            order = self.spawn_market(
                primary, quantity, primary.time_in_force, reduce_primary=reduce
            )
        working.sequences[order.client_order_id] = child.sequence
        self._child_of[order.client_order_id] = working.primary_id
        self.submit_order(order)

    def _arm(self, working: _Working) -> None:
        due = working.run.next_due_ns
        if due is None:
            return
        working.alerts += 1
        name = f"{self.id}|{working.primary_id}|{working.alerts}"
        self.clock.set_time_alert_ns(name, due, self._on_alert)

    def _on_alert(self, event: Any) -> None:
        working = self._runs.get(ClientOrderId(event.name.split("|")[1]))
        if working is not None and event.name.endswith(f"|{working.alerts}"):
            self._release(working)

    # -- child events -----------------------------------------------------------------
    def _working_for(self, client_order_id: ClientOrderId) -> _Working | None:
        primary_id = self._child_of.get(client_order_id)
        return self._runs.get(primary_id) if primary_id is not None else None

    def on_order_filled(self, event: Any) -> None:
        working = self._working_for(event.client_order_id)
        sequence = working.sequences.get(event.client_order_id) if working else None
        if working is None or sequence is None:
            return
        try:
            working.run.on_fill(sequence, event.last_qty.as_decimal())
        except InvalidChildEvent as error:
            self.log.error(str(error))
        self._release(working)

    def _ended_unfilled(self, event: Any) -> None:
        working = self._working_for(event.client_order_id)
        if working is None:
            return
        sequence = working.sequences.get(event.client_order_id)
        if sequence is None:  # the primary, closed before it was ever sent
            self._cancel_run(working)
            return
        if sequence in {child.sequence for child in working.run.working_children}:
            working.run.on_closed(sequence)
        self._release(working)

    on_order_rejected = _ended_unfilled
    on_order_denied = _ended_unfilled
    on_order_canceled = _ended_unfilled
    on_order_expired = _ended_unfilled

    def on_order_pending_cancel(self, event: Any) -> None:
        working = self._working_for(event.client_order_id)
        if working is not None and working.run.state is RunState.RUNNING:
            self._cancel_run(working)

    def _cancel_run(self, working: _Working) -> None:
        """Stop releasing; cancel the children still working at the venue."""
        working.run.cancel()
        for client_order_id in sorted(working.sequences, key=str):
            order = self.cache.order(client_order_id)
            if order is not None and order.is_open and not order.is_pending_cancel:
                self.cancel_order(order)
        self._finish_if_done(working, self.cache.order(working.primary_id))

    def _finish_if_done(self, working: _Working, primary: Order) -> None:
        if working.run.state is RunState.RUNNING:
            return
        if not working.primary_used and not primary.is_closed:
            working.primary_used = True
            self._close_locally(primary)
        if working.run.is_done:
            self._runs.pop(working.primary_id, None)

    def _close_locally(self, primary: Order) -> None:
        """Cancel a primary that never reached a venue (nautilus generates the event)."""
        self.execute(
            CancelOrder(
                trader_id=primary.trader_id,
                strategy_id=primary.strategy_id,
                instrument_id=primary.instrument_id,
                client_order_id=primary.client_order_id,
                venue_order_id=None,
                command_id=UUID4(),
                ts_init=self.clock.timestamp_ns(),
            )
        )
