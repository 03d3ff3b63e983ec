"""Use case: execute one strategy signal (target position) through the orchestrator."""

from __future__ import annotations

from decimal import Decimal

import attrs

from application.execution.orchestrator import ExecutionOrchestrator
from application.risk.exposure import ExposureBook
from application.signals.executor import order_for_signal, target_of
from domain.order_request import ExecutionResult
from domain.signal import Signal


@attrs.frozen(kw_only=True)
class SignalOutcome:
    """What a signal did: its target, the position it found, and the order it sent if any."""

    signal_id: str
    target: Decimal
    current: Decimal
    result: ExecutionResult | None


class ExecuteSignal:
    """Target minus (position + working orders) of the strategy becomes one order request."""

    def __init__(self, *, orchestrator: ExecutionOrchestrator, exposure: ExposureBook) -> None:
        self._orchestrator, self._exposure = orchestrator, exposure

    async def __call__(self, signal: Signal) -> SignalOutcome:
        target = target_of(signal)
        existing = await self._orchestrator.oms.get(signal.signal_id)
        if existing is not None:  # a replayed signal answers with its first result
            result = await self._orchestrator.result_of(existing)
            return SignalOutcome(
                signal_id=signal.signal_id, target=target, current=target, result=result
            )
        key = (signal.strategy_id, signal.instrument_key)
        current = self._exposure.strategy_position[key] + self._exposure.strategy_open[key]
        request = order_for_signal(signal, current)
        result = None if request is None else await self._orchestrator.execute(request)
        return SignalOutcome(
            signal_id=signal.signal_id, target=target, current=current, result=result
        )
