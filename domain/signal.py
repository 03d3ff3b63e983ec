"""A strategy signal: the position a strategy wants in one instrument from a moment on."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from domain.enums import ExecAlgorithm, OrderType
from domain.ids import SignalId, StrategyId


@attrs.frozen(kw_only=True)
class Signal:
    """Target position (signed, base units) with the way to execute the change."""

    signal_id: SignalId
    strategy_id: StrategyId
    instrument_key: str
    ts_event: int
    direction: int
    target_quantity: Decimal
    order_type: OrderType = OrderType.MARKET
    limit_price: Decimal | None = None
    exec_algorithm: ExecAlgorithm = ExecAlgorithm.NORMAL
    exec_algorithm_params: dict[str, Any] = attrs.field(factory=dict)
