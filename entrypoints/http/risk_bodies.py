"""Typed bodies of the risk API: the kill switch, limits as a whole or as a patch."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import attrs
import msgspec
from litestar.exceptions import HTTPException
from msgspec import UNSET, UnsetType

from domain.enums import TradingState
from domain.risk_limits import RiskLimits, limit_problems
from entrypoints.http import fields
from entrypoints.http.fields import Amount
from entrypoints.http.messages import BadRequest

Count = Annotated[int, msgspec.Meta(ge=1, le=1_000_000)]
_NAMES = tuple(field.name for field in attrs.fields(RiskLimits))
COUNTS = tuple(name for name in _NAMES if name.endswith(("_per_second", "_per_minute")))
AMOUNTS = tuple(
    name
    for name in _NAMES
    if name not in COUNTS
    and name not in ("check_balance", "margin_rate", "instrument_position_limits")
)


class TradingStateBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    trading_state: TradingState


class RiskStateOut(msgspec.Struct, kw_only=True):
    trading_state: TradingState
    orders_last_second: int
    orders_last_minute: int


class LimitsBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Every limit, each given: a value, or null to switch that check off. Nothing implied."""

    max_orders_per_second: Count | None
    max_orders_per_minute: Count | None
    max_strategy_orders_per_second: Count | None
    max_strategy_orders_per_minute: Count | None
    min_order_quantity: Amount | None
    max_order_quantity: Amount | None
    max_order_notional: Amount | None
    max_position_per_instrument: Amount | None
    instrument_position_limits: dict[str, str]
    max_position_per_strategy: Amount | None
    max_global_position_notional: Amount | None
    max_total_notional_exposure: Amount | None
    price_tolerance_bps: Amount | None
    check_balance: bool
    margin_rate: Amount


class LimitsPatch(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Only the limits to change; null switches one off (and is audited as a removal)."""

    max_orders_per_second: Count | UnsetType | None = UNSET
    max_orders_per_minute: Count | UnsetType | None = UNSET
    max_strategy_orders_per_second: Count | UnsetType | None = UNSET
    max_strategy_orders_per_minute: Count | UnsetType | None = UNSET
    min_order_quantity: Amount | UnsetType | None = UNSET
    max_order_quantity: Amount | UnsetType | None = UNSET
    max_order_notional: Amount | UnsetType | None = UNSET
    max_position_per_instrument: Amount | UnsetType | None = UNSET
    instrument_position_limits: dict[str, str] | UnsetType = UNSET
    max_position_per_strategy: Amount | UnsetType | None = UNSET
    max_global_position_notional: Amount | UnsetType | None = UNSET
    max_total_notional_exposure: Amount | UnsetType | None = UNSET
    price_tolerance_bps: Amount | UnsetType | None = UNSET
    check_balance: bool | UnsetType = UNSET
    margin_rate: Amount | UnsetType = UNSET


class LimitsOut(msgspec.Struct, kw_only=True):
    """The limits in force; null means the check is off."""

    max_orders_per_second: int | None
    max_orders_per_minute: int | None
    max_strategy_orders_per_second: int | None
    max_strategy_orders_per_minute: int | None
    min_order_quantity: str | None
    max_order_quantity: str | None
    max_order_notional: str | None
    max_position_per_instrument: str | None
    instrument_position_limits: dict[str, str]
    max_position_per_strategy: str | None
    max_global_position_notional: str | None
    max_total_notional_exposure: str | None
    price_tolerance_bps: str | None
    check_balance: bool
    margin_rate: str


def _value(name: str, raw: Any) -> Any:
    if raw is None or name in COUNTS or name == "check_balance":
        return raw
    if name == "instrument_position_limits":
        try:
            return {
                fields.text(k, f"{name}.{k[:40]}"): fields.amount(v, f"{name}.{k[:40]}")
                for k, v in raw.items()
            }
        except BadRequest as error:  # keys and values the schema cannot state: 422
            raise HTTPException(
                status_code=422, detail="limits refused", extra=error.problems
            ) from None
    return fields.amount(raw, f"limits.{name}")


def changes(body: LimitsBody | LimitsPatch) -> dict[str, Any]:
    """The fields the body sets (a patch: only those given), as domain values."""
    return {
        name: _value(name, getattr(body, name))
        for name in body.__struct_fields__
        if getattr(body, name) is not UNSET
    }


def apply(current: RiskLimits, changed: dict[str, Any]) -> RiskLimits:
    """The new limits, refused as a whole when any of them cannot be meant."""
    limits = attrs.evolve(current, **changed)
    problems = limit_problems(limits, "limits")
    if problems:  # well-formed but not meant: 422, and nothing changes
        raise HTTPException(status_code=422, detail="limits refused", extra=problems)
    return limits


def describe(changed: dict[str, Any], before: RiskLimits) -> str:
    """The audit line of a limits change: each limit's value before and after."""

    def shown(value: Any) -> str:
        if value is None:
            return "off"
        return format(value, "f") if isinstance(value, Decimal) else str(value)

    removed = sorted(name for name, value in changed.items() if value is None)
    kept = sorted(name for name, value in changed.items() if value is not None)
    parts = [f"{name} {shown(getattr(before, name))} -> {shown(changed[name])}" for name in kept]
    parts += [f"REMOVED {name} (was {shown(getattr(before, name))})" for name in removed]
    return "; ".join(parts) or "no change"


def limits_out(limits: RiskLimits) -> dict[str, Any]:
    def text(value: Decimal | None) -> str | None:
        return None if value is None else format(value, "f")

    body: dict[str, Any] = {name: getattr(limits, name) for name in (*COUNTS, "check_balance")}
    body.update({name: text(getattr(limits, name)) for name in AMOUNTS})
    body["margin_rate"] = text(limits.margin_rate)
    body["instrument_position_limits"] = {
        key: format(value, "f") for key, value in limits.instrument_position_limits.items()
    }
    return body
