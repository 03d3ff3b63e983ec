"""Order, position and risk-state routes of the live API."""

from __future__ import annotations

import json
from typing import Any

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from application.execution.orchestrator import (
    ExecutionOrchestrator,
    OrderNotFound,
    OutcomeNotRecorded,
)
from application.positions.tracker import UnifiedPositionTracker
from application.risk.engine import PreTradeRiskEngine
from application.settings.schema import RiskSettings, Settings
from bootstrap.settings.loader import risk_limits
from domain.enums import OrderStatus, TradingState
from domain.ids import OperationId
from entrypoints.http.messages import (
    BadRequest,
    OrderMessage,
    order_json,
    parse,
    position_json,
    result_json,
)
from entrypoints.http.protobuf_codec import PROTOBUF, order_fields, result_bytes, wants_protobuf


class OrderController(Controller):
    """POST/GET/DELETE orders; idempotent on operation_id."""

    path = "/api/orders"

    @post("/", status_code=200)
    async def submit(
        self, request: Request[Any, Any, Any], orchestrator: NamedDependency[ExecutionOrchestrator]
    ) -> Response[Any]:
        """An `Order` as JSON or protobuf; the `ExecutionResult` answers in kind."""
        content_type = request.headers.get("content-type")
        as_protobuf = wants_protobuf(content_type, request.headers.get("accept"))
        if (content_type or "").startswith(PROTOBUF):
            fields = order_fields(await request.body())
        else:
            fields = await _json_body(request)
        message: OrderMessage = parse(fields, OrderMessage)
        status_code = 200
        try:
            result = result_json(await orchestrator.execute(message.to_request()))
        except OutcomeNotRecorded as unrecorded:
            # The venue was called: say what it did, and that the store does not hold it yet.
            result = result_json(unrecorded.result)
            result["error_message"] = str(unrecorded)
            status_code = 202
        if as_protobuf:
            return Response(result_bytes(result), media_type=PROTOBUF, status_code=status_code)
        return Response(result, status_code=status_code)

    @get("/")
    async def list_orders(
        self,
        orchestrator: NamedDependency[ExecutionOrchestrator],
        status: FromQuery[str | None] = None,
        strategy_id: FromQuery[str | None] = None,
        limit: FromQuery[int] = 500,
    ) -> list[dict[str, Any]]:
        wanted = None
        if status is not None:
            try:
                wanted = OrderStatus(status.upper())
            except ValueError:
                allowed = ", ".join(s.value for s in OrderStatus)
                raise BadRequest([f"status: {status!r} is not one of {allowed}"]) from None
        if not 1 <= limit <= 10_000:
            raise BadRequest(["limit: must be between 1 and 10000"])
        orders = await orchestrator.oms.list(status=wanted, strategy_id=strategy_id, limit=limit)
        return [order_json(o) for o in orders]

    @get("/{operation_id:str}")
    async def get_order(
        self, operation_id: FromPath[str], orchestrator: NamedDependency[ExecutionOrchestrator]
    ) -> Any:
        order = await orchestrator.oms.get(OperationId(operation_id))
        if order is None:
            raise OrderNotFound(operation_id)
        body = order_json(order)
        body["fills"] = result_json(await orchestrator.result_of(order))["fills"]
        children = await orchestrator.oms.list(parent_operation_id=order.operation_id)
        body["children"] = [order_json(child) for child in children]
        return body

    @delete("/{operation_id:str}", status_code=200)
    async def cancel(
        self, operation_id: FromPath[str], orchestrator: NamedDependency[ExecutionOrchestrator]
    ) -> Any:
        return result_json(await orchestrator.cancel(OperationId(operation_id)))


class PositionController(Controller):
    path = "/api/positions"

    @get("/", sync_to_thread=False)
    def positions(self, positions: NamedDependency[UnifiedPositionTracker]) -> list[dict[str, Any]]:
        return [position_json(p) for p in positions.all()]


class RiskController(Controller):
    """Trading state (kill switch) and limits, both changeable at runtime."""

    path = "/api/risk"

    @get("/state", sync_to_thread=False)
    def state(self, risk: NamedDependency[PreTradeRiskEngine]) -> dict[str, Any]:
        return _risk_state(risk)

    @put("/state", sync_to_thread=False)
    def set_state(
        self, data: JSONBody[dict[str, Any]], risk: NamedDependency[PreTradeRiskEngine]
    ) -> dict[str, Any]:
        value = data.get("trading_state") if isinstance(data, dict) else None
        try:
            state = TradingState(str(value).upper())
        except ValueError:
            allowed = ", ".join(s.value for s in TradingState)
            raise BadRequest([f"trading_state: {value!r} is not one of {allowed}"]) from None
        risk.set_trading_state(state)
        return _risk_state(risk)

    @put("/limits", sync_to_thread=False)
    def reload_limits(
        self,
        data: JSONBody[dict[str, Any]],
        risk: NamedDependency[PreTradeRiskEngine],
        settings: NamedDependency[Settings],
    ) -> Response[dict[str, Any]]:
        limits: RiskSettings = parse(data, RiskSettings)
        risk.reload(risk_limits(Settings(risk=limits)))
        risk.set_trading_state(limits.trading_state)
        return Response({"status": "reloaded", "trading_state": limits.trading_state.value})


async def _json_body(request: Request[Any, Any, Any]) -> Any:
    try:
        return json.loads(await request.body())
    except json.JSONDecodeError as error:
        raise BadRequest([f"(body): not valid JSON: {error.msg} at position {error.pos}"]) from None


def _risk_state(risk: NamedDependency[PreTradeRiskEngine]) -> dict[str, Any]:
    view = risk.view()
    return {
        "trading_state": view.trading_state.value,
        "orders_last_second": view.orders_last_second,
        "orders_last_minute": view.orders_last_minute,
    }
