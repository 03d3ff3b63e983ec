"""Use case: execute one strategy signal (target position) through the orchestrator."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import attrs

from application.execution.orchestrator import ExecutionOrchestrator
from application.risk.exposure import ExposureBook
from application.signals.executor import target_of
from application.signals.target_move import changes_target, order_for_target
from domain.order_request import ExecutionResult
from domain.signal import Signal

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
    then target minus filled position, in whole lots (`lot_of(instrument_key)`), is ordered.

    The last target of each stream is remembered in memory; after a restart the first
    signal of a stream counts as a change.
    """

    def __init__(
        self,
        *,
        orchestrator: ExecutionOrchestrator,
        exposure: ExposureBook,
        lot_of: Callable[[str], Decimal] = lambda _key: NO_LOT,
    ) -> None:
        self._orchestrator, self._exposure, self._lot_of = orchestrator, exposure, lot_of
        self._targets: dict[Stream, Decimal] = {}

    async def __call__(self, signal: Signal) -> SignalOutcome:
        target = target_of(signal)
        existing = await self._orchestrator.oms.get(signal.signal_id)
        if existing is not None:  # a replayed signal answers with its first result
            result = await self._orchestrator.result_of(existing)
            return SignalOutcome(
                signal_id=signal.signal_id, target=target, current=target, result=result
            )
        stream = (signal.strategy_id, signal.instrument_key)
        previous = self._targets.get(stream)
        self._targets[stream] = signal.target_quantity
        if not changes_target(previous, signal):
            current = self._exposure.strategy_position[stream]
            return SignalOutcome(
                signal_id=signal.signal_id, target=target, current=current, result=None
            )
        await self._orchestrator.cancel_stream(*stream)
        current = self._exposure.strategy_position[stream]
        request = order_for_target(signal, current, self._lot_of(signal.instrument_key))
        result = None if request is None else await self._orchestrator.execute(request)
        return SignalOutcome(
            signal_id=signal.signal_id, target=target, current=current, result=result
        )
