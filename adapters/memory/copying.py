"""Detached copies of entities, so memory stores behave like a database (no shared state)."""

from __future__ import annotations

import copy

import attrs

from domain.order import Order
from domain.unified_position import UnifiedPosition

_ORDER_FIELDS = tuple(field.name for field in attrs.fields(Order))


def copy_order(order: Order) -> Order:
    clone = object.__new__(Order)
    for name in _ORDER_FIELDS:  # faster than copy.copy on slotted classes (hot path)
        object.__setattr__(clone, name, getattr(order, name))
    clone.seen_trade_ids = set(order.seen_trade_ids)
    clone.exec_algorithm_params = dict(order.exec_algorithm_params)
    return clone


def copy_position(position: UnifiedPosition) -> UnifiedPosition:
    # Positions hold only immutable values (Decimals, strings), so one level deep suffices.
    clone = copy.copy(position)
    clone.venues = {venue: copy.copy(p) for venue, p in position.venues.items()}
    clone.venue_types = dict(position.venue_types)
    return clone
