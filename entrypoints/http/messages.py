"""Request and response messages of the order API (CONTRACTS §4); decimals as strings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from adapters.serialization.converter import error_messages, strict_decimal_converter
from domain.fill import Fill
from domain.order import Order
from domain.order_request import ExecutionResult
from domain.unified_position import UnifiedPosition


class BadRequest(Exception):
    """A request body that does not fit its message; `problems` name each field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


converter = strict_decimal_converter()


def parse(data: Any, message_type: type[Any]) -> Any:
    if not isinstance(data, dict):
        raise BadRequest(["(body): must be a JSON object"])
    try:
        return converter.structure(data, message_type)
    except Exception as error:
        raise BadRequest(error_messages(error)) from None


def _d(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def fill_json(fill: Fill) -> dict[str, Any]:
    return {
        "fill_id": fill.fill_id,
        "operation_id": fill.operation_id,
        "venue": fill.venue,
        "venue_trade_id": fill.venue_trade_id,
        "instrument_key": fill.instrument_key,
        "side": fill.side.value,
        "quantity": _d(fill.quantity),
        "price": _d(fill.price),
        "fee": _d(fill.fee),
        "fee_currency": fill.fee_currency,
        "ts_event": fill.ts_event,
        "liquidity": fill.liquidity.value,
    }


def result_json(result: ExecutionResult) -> dict[str, Any]:
    body: dict[str, Any] = {
        "operation_id": result.operation_id,
        "status": result.status.value,
        "venue": result.venue,
        "fills": [fill_json(f) for f in result.fills],
        "error_message": result.error_message,
    }
    body["rejection_code"] = result.rejection_code or None
    return body


def order_json(order: Order) -> dict[str, Any]:
    return {
        "operation_id": order.operation_id,
        "client_order_id": order.client_order_id,
        "parent_operation_id": order.parent_operation_id,
        "instrument_key": order.instrument_key,
        "side": order.side.value,
        "order_type": order.order_type.value,
        "time_in_force": order.time_in_force.value,
        "quantity": _d(order.quantity),
        "price": _d(order.price),
        "filled_quantity": _d(order.filled_quantity),
        "avg_fill_price": _d(order.avg_fill_price),
        "status": order.status.value,
        "venue": order.venue_label,
        "venue_type": order.venue_type.value if order.venue_type else None,
        "venue_order_id": order.venue_order_id,
        "strategy_id": order.strategy_id,
        "exec_algorithm": order.exec_algorithm.value,
        "exec_algorithm_params": order.exec_algorithm_params,
        "rejection_reason": order.rejection_reason,
        "error_message": order.error_message,
        "created_at": order.created_at.isoformat(),
        "updated_at": order.updated_at.isoformat() if order.updated_at else None,
    }


def position_json(position: UnifiedPosition) -> dict[str, Any]:
    return {
        "instrument_key": position.instrument_key,
        "base_asset": position.base_asset,
        "quantity": _d(position.aggregated_quantity),
        "average_entry_price": _d(position.average_entry_price),
        "current_price": _d(position.current_price),
        "unrealized_pnl": _d(position.unrealized_pnl()),
        "realized_pnl": _d(position.realized_pnl),
        "fees": _d(position.fees),
        "venues": {
            venue: {
                "quantity": _d(p.quantity),
                "avg_entry_price": _d(p.avg_entry_price),
                "realized_pnl": _d(p.realized_pnl),
                "venue_type": position.venue_types[venue].value,
            }
            for venue, p in sorted(position.venues.items())
        },
    }
