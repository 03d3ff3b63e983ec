"""Explicit row ↔ entity mapping: records (JSON-ready dicts) to write, rows read back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from domain.enums import (
    ExecAlgorithm,
    LiquiditySide,
    OrderSide,
    OrderStatus,
    OrderType,
    TimeInForce,
    VenueKind,
)
from domain.fill import Fill
from domain.ids import (
    ClientOrderId,
    FillId,
    OperationId,
    StrategyId,
    VenueOrderId,
    VenueTradeId,
)
from domain.order import Order, venues_from_label
from domain.position import Position
from domain.unified_position import UnifiedPosition

Row = Mapping[str, Any]
ONE = Decimal(1)


def text(value: Decimal | None) -> str | None:
    """A Decimal as an exact plain string (no exponent), for JSON records."""
    return None if value is None else format(value, "f")


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def plain(value: Any) -> Decimal:
    """A stored number as a Decimal without the NUMERIC(36,18) padding zeros."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    reduced = number.normalize()
    return reduced.quantize(ONE) if reduced.as_tuple().exponent > 0 else reduced  # type: ignore[operator]


def _maybe(value: Any) -> Decimal | None:
    return None if value is None else plain(value)


def _when(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def order_record(order: Order) -> dict[str, Any]:
    return {
        "operation_id": order.operation_id,
        "canonical_id": order.instrument_key,
        "venue": order.venue_label,
        "venue_type": order.venue_type.value if order.venue_type else None,
        "venue_order_id": order.venue_order_id,
        "client_order_id": order.client_order_id,
        "parent_operation_id": order.parent_operation_id,
        "status": order.status.value,
        "side": order.side.value,
        "order_type": order.order_type.value,
        "time_in_force": order.time_in_force.value,
        "quantity": text(order.quantity),
        "filled_quantity": text(order.filled_quantity),
        "price": text(order.price),
        "avg_fill_price": text(order.avg_fill_price),
        "exec_algorithm": order.exec_algorithm.value,
        "exec_algorithm_params": order.exec_algorithm_params,
        "strategy_id": order.strategy_id,
        "rejection_reason": order.rejection_reason,
        "error_message": order.error_message,
        "created_at": _iso(order.created_at),
        "updated_at": _iso(order.updated_at),
        "version": order.version,
        "venue_instrument_key": order.venue_instrument_key,
        "external": order.external,
        "seen_trade_ids": sorted(order.seen_trade_ids),
    }


def order_from_row(row: Row) -> Order:
    venue_type = row["venue_type"]
    algorithm = ExecAlgorithm(row["exec_algorithm"])
    venue, child_venues = venues_from_label(row["venue"], algorithm=algorithm)
    return Order(
        operation_id=OperationId(row["operation_id"]),
        client_order_id=ClientOrderId(row["client_order_id"]),
        instrument_key=row["canonical_id"],
        side=OrderSide(row["side"]),
        order_type=OrderType(row["order_type"]),
        quantity=plain(row["quantity"]),
        created_at=row["created_at"],
        price=_maybe(row["price"]),
        time_in_force=TimeInForce(row["time_in_force"]),
        strategy_id=StrategyId(row["strategy_id"]),
        venue=venue,
        child_venues=child_venues,
        venue_type=VenueKind(venue_type) if venue_type else None,
        venue_order_id=VenueOrderId(row["venue_order_id"]) if row["venue_order_id"] else None,
        venue_instrument_key=row.get("venue_instrument_key"),
        parent_operation_id=row["parent_operation_id"],
        exec_algorithm=algorithm,
        exec_algorithm_params=dict(row["exec_algorithm_params"] or {}),
        status=OrderStatus(row["status"]),
        filled_quantity=plain(row["filled_quantity"]),
        avg_fill_price=_maybe(row["avg_fill_price"]),
        rejection_reason=row["rejection_reason"],
        error_message=row["error_message"],
        updated_at=row["updated_at"],
        version=row["version"],
        external=bool(row.get("external", False)),
        seen_trade_ids=set(row.get("seen_trade_ids") or ()),
    )


def fill_record(fill: Fill) -> dict[str, Any]:
    return {
        "fill_id": fill.fill_id,
        "operation_id": fill.operation_id,
        "venue": fill.venue,
        "venue_trade_id": fill.venue_trade_id,
        "quantity": text(fill.quantity),
        "price": text(fill.price),
        "fee": text(fill.fee),
        "fee_currency": fill.fee_currency,
        "ts_event": fill.ts_event,
        "instrument_key": fill.instrument_key,
        "side": fill.side.value,
        "liquidity": fill.liquidity.value,
    }


def fill_from_row(row: Row) -> Fill:
    """`order_side` / `order_key` (joined from the order) stand in on rows older than 0002."""
    return Fill(
        fill_id=FillId(row["fill_id"]),
        operation_id=OperationId(row["operation_id"]),
        venue=row["venue"],
        venue_trade_id=VenueTradeId(row["venue_trade_id"]),
        instrument_key=row["instrument_key"] or row["order_key"],
        side=OrderSide(row["side"] or row["order_side"]),
        quantity=plain(row["quantity"]),
        price=plain(row["price"]),
        fee=plain(row["fee"]),
        fee_currency=row["fee_currency"],
        ts_event=row["ts_event"],
        liquidity=LiquiditySide(row["liquidity"] or LiquiditySide.TAKER.value),
    )


def position_record(position: UnifiedPosition) -> dict[str, Any]:
    venues = position.venues
    return {
        "canonical_id": position.instrument_key,
        "base_asset": position.base_asset,
        "aggregated_quantity": text(position.aggregated_quantity),
        "venue_positions": {v: text(p.quantity) for v, p in venues.items()},
        "venue_types": {v: k.value for v, k in position.venue_types.items()},
        "average_entry_price": text(position.average_entry_price),
        "current_price": text(position.current_price),
        "unrealized_pnl": text(position.unrealized_pnl()),
        "realized_pnl": text(position.realized_pnl),
        "updated_at": _iso(position.updated_at),
        "venue_details": {
            v: {
                "avg_entry_price": text(p.avg_entry_price),
                "realized_pnl": text(p.realized_pnl),
                "fees": text(p.fees),
                "inverse": p.inverse,
                "multiplier": text(p.multiplier),
                "last_price": text(p.last_price),
            }
            for v, p in venues.items()
        },
    }


def position_from_row(row: Row) -> UnifiedPosition:
    """Reads a stored row or a staged record; rows older than 0002 lack `venue_details`."""
    details: Mapping[str, Any] = row.get("venue_details") or {}
    key = row["canonical_id"]
    venues = {}
    for venue, quantity in row["venue_positions"].items():
        extra = details.get(venue, {})
        venues[venue] = Position(
            instrument_key=key,
            venue=venue,
            quantity=plain(quantity),
            avg_entry_price=plain(extra.get("avg_entry_price", row["average_entry_price"])),
            realized_pnl=plain(extra.get("realized_pnl", 0)),
            fees=plain(extra.get("fees", 0)),
            inverse=bool(extra.get("inverse", False)),
            multiplier=plain(extra.get("multiplier", 1)),
            last_price=_maybe(extra.get("last_price")),
        )
    return UnifiedPosition(
        instrument_key=key,
        base_asset=row["base_asset"],
        venues=venues,
        venue_types={v: VenueKind(k) for v, k in row["venue_types"].items()},
        current_price=_maybe(row["current_price"]),
        updated_at=_when(row["updated_at"]),
    )
