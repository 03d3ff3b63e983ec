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
    # Notional caps in the quote currency (USD-like); a strategy's is over all its instruments.
    max_position_per_strategy: Decimal | None = None
    max_global_position_notional: Decimal | None = None
    max_total_notional_exposure: Decimal | None = None
    price_tolerance_bps: Decimal | None = None
    check_balance: bool = False
    margin_rate: Decimal = Decimal(1)

    def position_limit_for(self, instrument_key: str) -> Decimal | None:
        return self.instrument_position_limits.get(instrument_key, self.max_position_per_instrument)


# A cap of zero or below would refuse every order, a negative tolerance every price: both are
# typing mistakes, never a setting. `None` (explicit) is how a limit is switched off.
_POSITIVE = (
    "max_orders_per_second",
    "max_orders_per_minute",
    "max_strategy_orders_per_second",
    "max_strategy_orders_per_minute",
    "max_order_quantity",
    "max_order_notional",
    "max_position_per_instrument",
    "max_position_per_strategy",
    "max_global_position_notional",
    "max_total_notional_exposure",
    "margin_rate",
)
_NON_NEGATIVE = ("min_order_quantity", "price_tolerance_bps")


def limit_problems(limits: RiskLimits, where: str = "risk") -> list[str]:
    """Every limit that cannot be meant: `where.field: must be ...`, all at once."""
    problems = []
    for name in _POSITIVE:
        value = getattr(limits, name)
        if value is not None and value <= 0:
            problems.append(f"{where}.{name}: must be positive (null switches the limit off)")
    for name in _NON_NEGATIVE:
        value = getattr(limits, name)
        if value is not None and value < 0:
            problems.append(f"{where}.{name}: must be zero or more (null switches it off)")
    for key, value in limits.instrument_position_limits.items():
        if value <= 0:
            problems.append(f"{where}.instrument_position_limits.{key}: must be positive")
    minimum, maximum = limits.min_order_quantity, limits.max_order_quantity
    if minimum is not None and maximum is not None and minimum > maximum:
        problems.append(f"{where}.min_order_quantity: above max_order_quantity {maximum}")
    return problems
