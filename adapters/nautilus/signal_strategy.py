"""A nautilus Strategy that executes signals through the same risk, routing and algorithms.

A signal sets a target position for its (strategy, instrument) stream. The gap between
target and what the stream holds becomes an `OrderRequest` checked by the
`PreTradeRiskEngine`, routed by the `SmartOrderRouter` across the simulated venues (books
from the nautilus cache) and sent as one primary order per venue, worked by the exec
algorithm it names. A new signal on a stream cancels what is still working for it.

At the end of each planned window (1 ns before it) everything still working expires:
algorithms stop releasing and open orders are cancelled, so no order can fill while no
market data is loaded; orders.parquet shows them EXPIRED and the run log says why.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

import attrs
from nautilus_trader.config import StrategyConfig
from nautilus_trader.model.enums import OrderSide as NautilusSide
from nautilus_trader.model.enums import OrderStatus as NautilusStatus
from nautilus_trader.model.identifiers import InstrumentId, Venue
from nautilus_trader.trading.strategy import Strategy

from adapters.nautilus.balances import NautilusBalances
from adapters.nautilus.clock import NautilusClock
from adapters.nautilus.instruments import InstrumentCatalog
from adapters.nautilus.market_data import NautilusMarketData, conversion_rate
from adapters.nautilus.operations import Operation, OperationBook
from adapters.nautilus.order_records import at_ns, operation_of
from adapters.nautilus.primary_orders import primary_order
from adapters.nautilus.recorder import RunRecorder
from application.backtest.order_plan import OrderRefused, PrimaryOrder, plan_orders
from application.risk.engine import PreTradeRiskEngine
from application.risk.exposure import ExposureBook
from application.routing.circuit_breaker import CircuitBreakers
from application.routing.decisions import RouterWeights
from application.routing.smart_order_router import SmartOrderRouter
from application.signals.target_move import changes_target, order_for_target
from domain.enums import TradingState
from domain.errors import InvalidOrderRequest
from domain.ids import SignalId
from domain.instrument_facts import is_inverse
from domain.risk_limits import RiskLimits
from domain.signal import Signal
from domain.venue import Venue as VenueSpec


@attrs.frozen(kw_only=True)
class SignalStrategyWiring:
    """What the strategy executes with: instruments, venues, rules and where to record."""

    catalog: InstrumentCatalog
    venues: tuple[VenueSpec, ...]
    venue_names: dict[str, str]
    recorder_currency: str
    risk_limits: RiskLimits = RiskLimits()
    trading_state: TradingState = TradingState.ACTIVE
    router_weights: dict[str, Decimal] = attrs.field(factory=dict)
    algorithm_defaults: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    signals: tuple[Signal, ...] = ()
    sample_times: tuple[int, ...] = ()
    window_ends: tuple[int, ...] = ()


log = logging.getLogger(__name__)
ZERO = Decimal(0)
WINDOW_END = "END_OF_WINDOW: no market data loaded after"
PRICE_RETRY_NS = 100_000_000


class SignalStrategy(Strategy):
    """Signals in, orders out; fills, positions and equity recorded as they happen."""

    def __init__(self, config: StrategyConfig, wiring: SignalStrategyWiring) -> None:
        super().__init__(config)
        self._wiring = wiring
        self._catalog = wiring.catalog
        self._venue_of = {name: venue for venue, name in wiring.venue_names.items()}
        self._targets: dict[tuple[str, str], Decimal] = {}
        self.handled: set[SignalId] = set()
        self.expired: dict[str, str] = {}  # client order id -> why it expired
        self.exposure = ExposureBook()
        self.market: NautilusMarketData | None = None
        self.recorder: RunRecorder | None = None

    # -- start: ports over the node, subscriptions, alerts ----------------------------
    def on_start(self) -> None:
        wiring = self._wiring
        clock = NautilusClock(self.clock)
        self.market = market = NautilusMarketData(self.cache, self._instrument_id)
        keys = self._catalog.keys()
        self.recorder = RunRecorder(
            currency=wiring.recorder_currency,
            mark=market.mark,
            rate=lambda code: conversion_rate(code, wiring.recorder_currency, keys, market.mark),
        )
        self._operations = OperationBook(self.cache, self.exposure)
        self._risk = PreTradeRiskEngine(
            limits=wiring.risk_limits,
            clock=clock,
            exposure=self.exposure,
            market_data=market,
            balances=NautilusBalances(self.portfolio, wiring.venue_names),
            trading_state=wiring.trading_state,
        )
        self._router = SmartOrderRouter(
            venues=lambda: wiring.venues,
            market_data=market,
            breakers=CircuitBreakers(clock),
            is_connected=lambda _venue: True,
            weights=RouterWeights(**wiring.router_weights),
        )
        for instrument in self._catalog.instruments():
            self.subscribe_order_book_depth(instrument.id, managed=True)
        for number, signal in enumerate(wiring.signals):
            self.clock.set_time_alert_ns(f"signal|{number}", signal.ts_event, self._on_signal)
        for ts_ns in wiring.sample_times:
            self.clock.set_time_alert_ns(f"equity|{ts_ns}", ts_ns, self._on_sample)
        for number, end_ns in enumerate(wiring.window_ends):
            self.clock.set_time_alert_ns(f"window_end|{number}", end_ns - 1, self._on_window_end)

    def on_stop(self) -> None:
        """Nothing to do: what was working expired at its window's end."""

    @property
    def catalog(self) -> InstrumentCatalog:
        return self._catalog

    def venue_id_of(self, instrument_id: InstrumentId) -> str:
        """The configured venue id of a nautilus instrument's venue."""
        return self._venue_of[instrument_id.venue.value]

    def _instrument_id(self, key: str) -> InstrumentId | None:
        return self._catalog.instrument(key).id if key in self._catalog else None

    def _on_signal(self, event: Any) -> None:
        self.execute_signal(self._wiring.signals[int(event.name.split("|")[1])])

    def _on_window_end(self, event: Any) -> None:
        """Expire what still works: the next data may be hours away."""
        end_ns = self._wiring.window_ends[int(event.name.split("|")[1])]
        reason = f"{WINDOW_END} {at_ns(end_ns).isoformat()}"
        expiring = []
        for operation in self._operations.active():
            for order in self._operations.orders(operation):
                if not order.is_closed:
                    self.expired.setdefault(order.client_order_id.value, reason)
                    expiring.append(order.client_order_id.value)
            self._cancel(operation)
        if expiring:
            more = f" and {len(expiring) - 20} more" if len(expiring) > 20 else ""
            log.warning(
                "%d order(s) expire (%s): %s%s",
                len(expiring),
                reason,
                ", ".join(expiring[:20]),
                more,
            )

    def _on_sample(self, event: Any) -> None:
        names = sorted(set(self._wiring.venue_names.values()))
        accounts = [self.portfolio.account(Venue(name)) for name in names]
        self.recorder.sample(event.ts_event, [a for a in accounts if a is not None])

    # -- a signal ---------------------------------------------------------------------
    def execute_signal(self, signal: Signal) -> None:
        """Move the stream to the signal's target by the rule of `target_move`.

        A signal that leaves its stream's target where it was sends nothing (the window
        planner loaded no data for it). Otherwise what still works for the stream is
        cancelled and the gap between target and filled position, in whole lots, is ordered.
        """
        stream = (signal.strategy_id, signal.instrument_key)
        previous = self._targets.get(stream, ZERO)  # a backtest starts flat
        if changes_target(previous, signal) and self._awaits_price(signal):
            return
        self.handled.add(signal.signal_id)
        self._targets[stream] = signal.target_quantity
        if not changes_target(previous, signal):
            return
        for operation in self._operations.in_stream(stream):
            self._cancel(operation)
        key = signal.instrument_key
        position = self.exposure.filled_position(signal.strategy_id, key)
        try:
            request = order_for_target(
                signal, position, self._lot(key), self.market.reference_price(key)
            )
        except InvalidOrderRequest as invalid:
            self.log.error(f"signal {signal.signal_id}: {invalid}")
            return
        if request is None:
            return
        try:
            orders = plan_orders(
                request,
                risk=self._risk,
                router=self._router,
                venues=self._wiring.venues,
                lot_of=self._lot,
                algorithm_defaults=self._wiring.algorithm_defaults,
                now_ns=self.clock.timestamp_ns(),
            )
        except OrderRefused as refused:
            self.recorder.expect(request.operation_id, self.market.reference_price(key))
            self.recorder.reject(request, refused.reason, NautilusClock(self.clock).now())
            return
        operation = self._operations.open(request, stream)
        for order in orders:
            self._submit_primary(operation, order)
        self._operations.settle(operation)

    def _awaits_price(self, signal: Signal) -> bool:
        """An inverse target is sized at the market's price: with none seen yet, try again
        100 ms later inside the signal's window; past its end the signal stays unexecuted,
        and the run fails naming it."""
        key = signal.instrument_key
        if not is_inverse(key) or self.market.reference_price(key) is not None:
            return False
        now = self.clock.timestamp_ns()
        end = next((e for e in self._wiring.window_ends if e > signal.ts_event), None)
        if end is not None and now + PRICE_RETRY_NS < end - 1:
            self.clock.set_time_alert_ns(
                f"price|{signal.signal_id}|{now}",
                now + PRICE_RETRY_NS,
                lambda _event: self.execute_signal(signal),
            )
        else:
            self.log.error(
                f"signal {signal.signal_id}: no price of {key} in its window to size its "
                "base-unit target in the venue's USD contracts"
            )
        return True

    def _lot(self, key: str) -> Decimal:
        if key in self._catalog:
            return self._catalog.instrument(key).size_increment.as_decimal()
        return Decimal("0.00000001")

    def _submit_primary(self, operation: Operation, primary: PrimaryOrder) -> None:
        instrument = self._catalog.instrument(primary.listing)
        order = primary_order(self.order_factory, instrument, operation.request, primary.quantity)
        operation.primaries.append(order.client_order_id)
        market_mid = self.market.reference_price(primary.listing)
        self.recorder.expect(order.client_order_id.value, market_mid)
        self.submit_order(order)

    def _cancel(self, operation: Operation) -> None:
        """Stop an operation: its algorithm stops releasing, working orders are cancelled."""
        for order in self._operations.orders(operation):
            if order.is_closed or order.is_pending_cancel:
                continue
            if order.status == NautilusStatus.INITIALIZED and order.exec_algorithm_id is None:
                continue
            self.cancel_order(order)

    # -- order events -----------------------------------------------------------------
    def on_order_initialized(self, event: Any) -> None:
        key = self._catalog.key_of(event.instrument_id)
        self.recorder.expect(event.client_order_id.value, self.market.reference_price(key))

    def on_order_filled(self, event: Any) -> None:
        key = self._catalog.key_of(event.instrument_id)
        self.recorder.fill(event, key, self._venue_of[event.instrument_id.venue.value])
        order = self.cache.order(event.client_order_id)
        operation = self._operations.get(operation_of(order)) if order else None
        if operation is not None:
            sign = 1 if event.order_side == NautilusSide.BUY else -1
            signed = event.last_qty.as_decimal() * sign
            self._operations.filled(operation, signed, event.last_px.as_decimal())
            self._operations.settle(operation)

    def _order_closed(self, event: Any) -> None:
        order = self.cache.order(event.client_order_id)
        operation = self._operations.get(operation_of(order)) if order else None
        if operation is not None:
            self._operations.settle(operation)

    on_order_canceled = _order_closed
    on_order_rejected = _order_closed
    on_order_denied = _order_closed
    on_order_expired = _order_closed
