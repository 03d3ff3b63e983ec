"""POST /api/signals: a strategy signal (CONTRACTS §2 fields) executed as a target position."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import attrs
from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from application.signals.execute_signal import ExecuteSignal
from domain.enums import ExecAlgorithm, OrderType
from domain.ids import SignalId, StrategyId
from domain.signal import Signal
from entrypoints.http.messages import BadRequest, parse, result_json


@attrs.frozen(kw_only=True)
class SignalMessage:
    """One signal as the strategy-service sends it; quantities as decimal strings."""

    signal_id: str
    strategy_id: str
    instrument_key: str
    ts_event: int
    direction: int
    target_quantity: Decimal
    order_type: OrderType = OrderType.MARKET
    limit_price: Decimal | None = None
    exec_algorithm: ExecAlgorithm = ExecAlgorithm.NORMAL
    # A JSON object, or the JSON string the parquet column carries.
    exec_algorithm_params: Any = attrs.field(factory=dict)

    def to_signal(self) -> Signal:
        params = self.exec_algorithm_params
        if isinstance(params, str):
            try:
                params = json.loads(params or "{}")
            except json.JSONDecodeError:
                raise BadRequest(["exec_algorithm_params: not a JSON object"]) from None
        if not isinstance(params, dict):
            raise BadRequest(["exec_algorithm_params: must be a JSON object"])
        return Signal(
            signal_id=SignalId(self.signal_id),
            strategy_id=StrategyId(self.strategy_id),
            instrument_key=self.instrument_key,
            ts_event=self.ts_event,
            direction=self.direction,
            target_quantity=self.target_quantity,
            order_type=self.order_type,
            limit_price=self.limit_price,
            exec_algorithm=self.exec_algorithm,
            exec_algorithm_params=params,
        )


class SignalController(Controller):
    path = "/api/signals"

    @post("/", status_code=200)
    async def submit(
        self, data: JSONBody[dict[str, Any]], execute_signal: NamedDependency[ExecuteSignal]
    ) -> dict[str, Any]:
        message: SignalMessage = parse(data, SignalMessage)
        outcome = await execute_signal(message.to_signal())
        return {
            "signal_id": outcome.signal_id,
            "target": format(outcome.target, "f"),
            "current": format(outcome.current, "f"),
            "order": result_json(outcome.result) if outcome.result is not None else None,
        }
