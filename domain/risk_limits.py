"""Pre-trade risk limits and the rejection they produce."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

import attrs

from domain.errors import DomainError


class RiskCode(StrEnum):
    """Stable codes of every pre-trade rejection (clients match on these)."""

    TRADING_HALTED = "TRADING_HALTED"
    REDUCE_ONLY = "REDUCE_ONLY"
    VELOCITY_GLOBAL_SECOND = "VELOCITY_GLOBAL_SECOND"
    VELOCITY_GLOBAL_MINUTE = "VELOCITY_GLOBAL_MINUTE"
    VELOCITY_STRATEGY_SECOND = "VELOCITY_STRATEGY_SECOND"
    VELOCITY_STRATEGY_MINUTE = "VELOCITY_STRATEGY_MINUTE"
    ORDER_SIZE_MIN = "ORDER_SIZE_MIN"
    ORDER_SIZE_MAX = "ORDER_SIZE_MAX"
    ORDER_NOTIONAL_MAX = "ORDER_NOTIONAL_MAX"
    POSITION_INSTRUMENT = "POSITION_INSTRUMENT"
    POSITION_STRATEGY = "POSITION_STRATEGY"
    POSITION_GLOBAL = "POSITION_GLOBAL"
    EXPOSURE_NOTIONAL = "EXPOSURE_NOTIONAL"
    PRICE_TOLERANCE = "PRICE_TOLERANCE"
    NO_REFERENCE_PRICE = "NO_REFERENCE_PRICE"
    INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE"


class RiskRejected(DomainError):
    """A pre-trade check refused an order: a stable `code` and a human `reason`."""

    def __init__(self, code: RiskCode, reason: str) -> None:
        self.code, self.reason = code, reason
        super().__init__(f"{code.value}: {reason}")


@attrs.frozen(kw_only=True)
class RiskLimits:
    """Every limit the pre-trade engine checks; None disables a check."""

    max_orders_per_second: int | None = None
    max_orders_per_minute: int | None = None
    max_strategy_orders_per_second: int | None = None
    max_strategy_orders_per_minute: int | None = None
    min_order_quantity: Decimal | None = None
    max_order_quantity: Decimal | None = None
    max_order_notional: Decimal | None = None
    # Absolute base-unit position caps (projected after the order).
    max_position_per_instrument: Decimal | None = None
    instrument_position_limits: dict[str, Decimal] = attrs.field(factory=dict)
    max_position_per_strategy: Decimal | None = None
    # Notional caps in the quote currency (USD-like).
    max_global_position_notional: Decimal | None = None
    max_total_notional_exposure: Decimal | None = None
    price_tolerance_bps: Decimal | None = None
    check_balance: bool = False
    margin_rate: Decimal = Decimal(1)

    def position_limit_for(self, instrument_key: str) -> Decimal | None:
        return self.instrument_position_limits.get(instrument_key, self.max_position_per_instrument)
