"""Typed bodies of the order API (CONTRACTS §4): the `Order` request and what is answered."""

from __future__ import annotations

from typing import Any

import msgspec

from domain.enums import ExecAlgorithm, OrderSide, OrderStatus, OrderType, TimeInForce
from domain.ids import OperationId, StrategyId
from domain.order_request import OrderRequest
from entrypoints.http import fields
from entrypoints.http.fields import Amount, Id, Params


class OrderBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The strategy-service `Order` message; decimals as decimal strings."""

    operation_id: Id
    instrument_key: Id
    side: OrderSide
    quantity: Amount
    order_type: OrderType = OrderType.MARKET
    price: Amount | None = None
    time_in_force: TimeInForce = TimeInForce.GTC
    strategy_id: Id = "default"
    exec_algorithm: ExecAlgorithm = ExecAlgorithm.NORMAL
    exec_algorithm_params: Params = msgspec.field(default_factory=dict)
    venue: Id | None = None
    reduce_only: bool = False

    def to_request(self) -> OrderRequest:
        return OrderRequest(
            operation_id=OperationId(fields.text(self.operation_id, "operation_id")),
            instrument_key=fields.text(self.instrument_key, "instrument_key"),
            side=self.side,
            quantity=fields.amount(self.quantity, "quantity"),
            order_type=self.order_type,
            price=None if self.price is None else fields.amount(self.price, "price"),
            time_in_force=self.time_in_force,
            strategy_id=StrategyId(fields.text(self.strategy_id, "strategy_id")),
            exec_algorithm=self.exec_algorithm,
            exec_algorithm_params=fields.params(self.exec_algorithm_params),
            venue=None if self.venue is None else fields.text(self.venue, "venue"),
            reduce_only=self.reduce_only,
        )


class FillOut(msgspec.Struct, kw_only=True):
    fill_id: str
    operation_id: str
    venue: str
    venue_trade_id: str
    instrument_key: str
    side: str
    quantity: str
    price: str
    fee: str
    fee_currency: str
    ts_event: int
    liquidity: str


class ExecutionResultOut(msgspec.Struct, kw_only=True):
    """The `ExecutionResult` message; `rejection_code` only on risk rejections."""

    operation_id: str
    status: OrderStatus
    venue: str | None
    fills: list[FillOut]
    error_message: str | None
    rejection_code: str | None = None


class OrderOut(msgspec.Struct, kw_only=True):
    operation_id: str
    client_order_id: str | None
    parent_operation_id: str | None
    instrument_key: str
    side: str
    order_type: str
    time_in_force: str
    quantity: str | None
    price: str | None
    filled_quantity: str | None
    avg_fill_price: str | None
    status: OrderStatus
    venue: str | None
    venue_type: str | None
    venue_order_id: str | None
    strategy_id: str | None
    exec_algorithm: str
    exec_algorithm_params: dict[str, Any]
    rejection_reason: str | None
    error_message: str | None
    created_at: str
    updated_at: str | None


class OrderDetailOut(OrderOut, kw_only=True):
    """One order with its fills and the child orders an algorithm spawned."""

    fills: list[FillOut]
    children: list[OrderOut]


class VenuePositionOut(msgspec.Struct, kw_only=True):
    quantity: str | None
    avg_entry_price: str | None
    realized_pnl: str | None
    venue_type: str


class PositionOut(msgspec.Struct, kw_only=True):
    instrument_key: str
    base_asset: str
    quantity: str | None
    average_entry_price: str | None
    current_price: str | None
    unrealized_pnl: str | None
    realized_pnl: str | None
    fees: str | None
    venues: dict[str, VenuePositionOut]
