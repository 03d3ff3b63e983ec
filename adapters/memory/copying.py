"""Detached copies of entities, so memory stores behave like a database (no shared state)."""

from __future__ import annotations

import copy

from domain.order import Order
from domain.unified_position import UnifiedPosition


def copy_order(order: Order) -> Order:
    clone = copy.copy(order)
    clone.seen_trade_ids = set(order.seen_trade_ids)
    clone.exec_algorithm_params = dict(order.exec_algorithm_params)
    return clone


def copy_position(position: UnifiedPosition) -> UnifiedPosition:
    return copy.deepcopy(position)
