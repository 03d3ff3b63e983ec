"""Order and position routes of the live API."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from litestar import Controller, Request, Response, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody, Parameter

from application.execution.cancel_order import CancelOrder, OrderNotFound
from application.execution.orchestrator import ExecutionOrchestrator
from application.oms.queries import OrderQueries
from application.positions.tracker import UnifiedPositionTracker
from domain.enums import OrderStatus
from domain.ids import OperationId
from entrypoints.http.bodies import JSON, StrictBody, convert
from entrypoints.http.fields import MAX_ID, TEXT_PATTERN
from entrypoints.http.messages import order_json, position_json, result_json
from entrypoints.http.order_bodies import (
    ExecutionResultOut,
    OrderBody,
    OrderDetailOut,
    OrderOut,
    PositionOut,
)
from entrypoints.http.order_submit import submitted
from entrypoints.http.protobuf_codec import PROTOBUF, order_fields, result_bytes, wants_protobuf
from entrypoints.http.responses import ORDER_ERRORS, READ_ERRORS, WRITE_ERRORS

OperationIdPath = Annotated[str, Parameter(min_length=1, max_length=MAX_ID, pattern=TEXT_PATTERN)]


class OrderBodyDTO(StrictBody[OrderBody]):
    """An `Order` as JSON or as protobuf (`application/x-protobuf`)."""

    media_types: ClassVar[tuple[str, ...]] = (JSON, PROTOBUF)

    def decode_media(self, kind: str, value: bytes) -> Any:
        if kind == PROTOBUF:
            return convert(order_fields(value), OrderBody)
        return super().decode_media(kind, value)


class OrderController(Controller):
    """POST/GET/DELETE orders; idempotent on operation_id."""

    path = "/api/orders"

    @post("/", status_code=200, dto=OrderBodyDTO, return_dto=None, raises=ORDER_ERRORS)
    async def submit(
        self,
        data: JSONBody[OrderBody],
        request: Request[Any, Any, Any],
        orchestrator: NamedDependency[ExecutionOrchestrator],
    ) -> Response[ExecutionResultOut]:
        """An `Order` as JSON or protobuf; the `ExecutionResult` answers in kind."""
        status_code, result = await submitted(orchestrator, data)
        if wants_protobuf(request.headers.get("content-type"), request.headers.get("accept")):
            return Response(result_bytes(result), media_type=PROTOBUF, status_code=status_code)  # type: ignore[arg-type]
        return Response(result, status_code=status_code)  # type: ignore[arg-type]

    @get("/", raises=READ_ERRORS)
    async def list_orders(
        self,
        order_queries: NamedDependency[OrderQueries],
        status: FromQuery[OrderStatus | None] = None,
        strategy_id: Annotated[
            str | None, Parameter(min_length=1, max_length=MAX_ID, pattern=TEXT_PATTERN)
        ] = None,
        limit: Annotated[int, Parameter(ge=1, le=10_000)] = 500,
    ) -> list[OrderOut]:
        orders = await order_queries.orders(status=status, strategy_id=strategy_id, limit=limit)
        return [order_json(o) for o in orders]  # type: ignore[misc]

    @get("/{operation_id:str}", raises=READ_ERRORS)
    async def get_order(
        self, operation_id: OperationIdPath, order_queries: NamedDependency[OrderQueries]
    ) -> OrderDetailOut:
        detail = await order_queries.detail(OperationId(operation_id))
        if detail is None:
            raise OrderNotFound(operation_id)
        body = order_json(detail.order)
        body["fills"] = result_json(detail.result)["fills"]
        body["children"] = [order_json(child) for child in detail.children]
        return body  # type: ignore[return-value]

    @delete("/{operation_id:str}", status_code=200, raises=WRITE_ERRORS)
    async def cancel(
        self, operation_id: OperationIdPath, cancel_order: NamedDependency[CancelOrder]
    ) -> ExecutionResultOut:
        return result_json(await cancel_order(OperationId(operation_id)))  # type: ignore[return-value]


class PositionController(Controller):
    path = "/api/positions"

    @get("/", sync_to_thread=False, raises=READ_ERRORS)
    def positions(self, positions: NamedDependency[UnifiedPositionTracker]) -> list[PositionOut]:
        return [position_json(p) for p in positions.all()]  # type: ignore[misc]
