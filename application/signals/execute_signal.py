"""Command handler: execute one strategy signal (a target position) by the stream rule."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import attrs

from application.execution.cancel_order import CancelOrder
from application.execution.orchestrator import ExecutionOrchestrator
from application.oms.queries import OrderQueries
from application.risk.exposure import ExposureBook
from application.signals.executor import target_of
from application.signals.target_move import changes_target, order_for_target, sizing_price
from domain.ids import OperationId
from domain.order_request import ExecutionResult
from domain.signal import Signal
from ports.market_data import MarketData

Stream = tuple[str, str]  # (strategy_id, instrument_key)
NO_LOT = Decimal("0.00000001")


@attrs.frozen(kw_only=True)
class SignalOutcome:
    """What a signal did: its target, the filled position it found, and the order it sent."""

    signal_id: str
    target: Decimal
    current: Decimal
    result: ExecutionResult | None


class ExecuteSignal:
    """The stream rule of `target_move`: a new target cancels the stream's working orders,
    then target minus filled position (base units), in whole lots (`lot_of(instrument_key)`),
    is ordered; an inverse instrument's gap is sized at the market's reference price.

    The last target of each stream is remembered in memory; after a restart the first
    signal of a stream counts as a change.
    """

    def __init__(
        self,
        *,
        submit: ExecutionOrchestrator,
        cancel: CancelOrder,
        queries: OrderQueries,
        exposure: ExposureBook,
        market_data: MarketData,
        lot_of: Callable[[str], Decimal] = lambda _key: NO_LOT,
    ) -> None:
        self._submit, self._cancel, self._queries = submit, cancel, queries
        self._exposure, self._market_data, self._lot_of = exposure, market_data, lot_of
        self._targets: dict[Stream, Decimal] = {}

    async def __call__(self, signal: Signal) -> SignalOutcome:
        target = target_of(signal)
        first = await self._queries.result(OperationId(signal.signal_id))
        if first is not None:  # a replayed signal answers with its first result
            return SignalOutcome(
                signal_id=signal.signal_id, target=target, current=target, result=first
            )
        stream = (signal.strategy_id, signal.instrument_key)
        previous = self._targets.get(stream)
        if not changes_target(previous, signal):
            current = self._exposure.strategy_base_position[stream]
            return SignalOutcome(
                signal_id=signal.signal_id, target=target, current=current, result=None
            )
        key = signal.instrument_key
        price = sizing_price(signal, self._market_data.reference_price(key))  # before cancels
        await self._cancel.stream(*stream)
        filled = self._exposure.filled_position(signal.strategy_id, key)
        current = filled.base
        request = order_for_target(signal, filled, self._lot_of(key), price)
        # Remembered only once sized: a refused signal can be sent again.
        self._targets[stream] = signal.target_quantity
        result = None if request is None else await self._submit.execute(request)
        return SignalOutcome(
            signal_id=signal.signal_id, target=target, current=current, result=result
        )
