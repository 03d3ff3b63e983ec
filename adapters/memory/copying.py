"""Detached copies of entities, so memory stores behave like a database (no shared state)."""

from __future__ import annotations

import attrs

from domain.order import Order
from domain.position import Position
from domain.unified_position import UnifiedPosition

_ORDER_FIELDS = tuple(field.name for field in attrs.fields(Order))


def copy_order(order: Order) -> Order:
    clone = object.__new__(Order)
    for name in _ORDER_FIELDS:  # faster than copy.copy on slotted classes (hot path)
        object.__setattr__(clone, name, getattr(order, name))
    clone.seen_trade_ids = set(order.seen_trade_ids)
    clone.exec_algorithm_params = dict(order.exec_algorithm_params)
    return clone


_POSITION_FIELDS = tuple(field.name for field in attrs.fields(Position))


def _copy_venue_position(position: Position) -> Position:
    clone = object.__new__(Position)
    for name in _POSITION_FIELDS:
        object.__setattr__(clone, name, getattr(position, name))
    return clone


def copy_position(position: UnifiedPosition) -> UnifiedPosition:
    # Positions hold only immutable values (Decimals, strings), so one level deep suffices.
    return UnifiedPosition(
        instrument_key=position.instrument_key,
        base_asset=position.base_asset,
        venues={venue: _copy_venue_position(p) for venue, p in position.venues.items()},
        venue_types=dict(position.venue_types),
        current_price=position.current_price,
        updated_at=position.updated_at,
    )
