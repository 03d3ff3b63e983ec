"""POST /api/signals: a strategy signal (CONTRACTS §2 fields) executed as a target position."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException
from litestar.params import JSONBody

from application.signals.execute_signal import ExecuteSignal
from domain.enums import ExecAlgorithm, OrderType
from domain.ids import SignalId, StrategyId
from domain.signal import Signal
from entrypoints.http import fields
from entrypoints.http.bodies import StrictBody, decode_json
from entrypoints.http.fields import Amount, Id, Params
from entrypoints.http.messages import BadRequest, result_json
from entrypoints.http.order_bodies import ExecutionResultOut
from entrypoints.http.responses import WRITE_ERRORS

# 4e18 ns (year 2096): a bound a JSON number (a double) states exactly.
TsEvent = Annotated[int, msgspec.Meta(ge=0, le=4_000_000_000_000_000_000)]
Direction = Annotated[int, msgspec.Meta(ge=-1, le=1)]
ParamsText = Annotated[
    str, msgspec.Meta(max_length=10_000, description="the same object as JSON text (parquet)")
]


class SignalBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One signal as the strategy-service sends it; quantities as decimal strings."""

    signal_id: Id
    strategy_id: Id
    instrument_key: Id
    ts_event: TsEvent
    direction: Direction
    target_quantity: Amount
    order_type: OrderType = OrderType.MARKET
    limit_price: Amount | None = None
    exec_algorithm: ExecAlgorithm = ExecAlgorithm.NORMAL
    # A JSON object, or the JSON string the parquet column carries.
    exec_algorithm_params: Params | Annotated[str, msgspec.Meta(max_length=10_000)] = msgspec.field(
        default_factory=dict
    )

    def to_signal(self) -> Signal:
        params: Any = self.exec_algorithm_params
        if isinstance(params, str):
            try:  # the schema says text: that it must be a JSON object is a rule (422)
                params = decode_json((params or "{}").encode(), Params, "exec_algorithm_params")
            except BadRequest as error:
                raise HTTPException(
                    status_code=422, detail="invalid signal", extra=error.problems
                ) from None
        limit = self.limit_price
        return Signal(
            signal_id=SignalId(fields.text(self.signal_id, "signal_id")),
            strategy_id=StrategyId(fields.text(self.strategy_id, "strategy_id")),
            instrument_key=fields.text(self.instrument_key, "instrument_key"),
            ts_event=self.ts_event,
            direction=self.direction,
            target_quantity=fields.amount(self.target_quantity, "target_quantity"),
            order_type=self.order_type,
            limit_price=None if limit is None else fields.amount(limit, "limit_price"),
            exec_algorithm=self.exec_algorithm,
            exec_algorithm_params=fields.params(params),
        )


class SignalOutcomeOut(msgspec.Struct, kw_only=True):
    signal_id: str
    target: str
    current: str
    order: ExecutionResultOut | None


class SignalController(Controller):
    path = "/api/signals"

    @post("/", status_code=200, dto=StrictBody[SignalBody], return_dto=None, raises=WRITE_ERRORS)
    async def submit(
        self, data: JSONBody[SignalBody], execute_signal: NamedDependency[ExecuteSignal]
    ) -> SignalOutcomeOut:
        outcome = await execute_signal(data.to_signal())
        return {  # type: ignore[return-value]
            "signal_id": outcome.signal_id,
            "target": format(outcome.target, "f"),
            "current": format(outcome.current, "f"),
            "order": result_json(outcome.result) if outcome.result is not None else None,
        }
