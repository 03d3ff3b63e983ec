"""`parse_params`: the strict reading of an order's `exec_algorithm_params` JSON object."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from application.algorithms.params import (
    DAY_NS,
    NS_PER_SEC,
    AlgorithmParams,
    IcebergParams,
    InvalidAlgorithmParams,
    NormalParams,
    TwapParams,
    VwapParams,
)
from domain.enums import ExecAlgorithm

_ALLOWED: dict[ExecAlgorithm, frozenset[str]] = {
    ExecAlgorithm.NORMAL: frozenset(),
    ExecAlgorithm.TWAP: frozenset({"horizon_secs", "interval_secs", "jitter_fraction", "seed"}),
    ExecAlgorithm.VWAP: frozenset(
        {"horizon_secs", "interval_secs", "volume_profile", "profile_period_secs"}
    ),
    ExecAlgorithm.ICEBERG: frozenset({"visible_quantity"}),
}


def parse_params(
    algorithm: ExecAlgorithm,
    raw: Mapping[str, Any],
    defaults: Mapping[str, Any] | None = None,
) -> AlgorithmParams:
    """Parse the JSON object of one algorithm (over optional defaults); unknown keys fail."""
    if not isinstance(raw, Mapping):
        raise InvalidAlgorithmParams("", "must be a JSON object")
    values = {**(defaults or {}), **raw}
    unknown = sorted(set(values) - _ALLOWED[algorithm])
    if unknown:
        raise InvalidAlgorithmParams(unknown[0], f"is not a {algorithm} parameter")
    if algorithm is ExecAlgorithm.TWAP:
        return TwapParams(
            **_horizon(values),
            jitter_fraction=_decimal(values, "jitter_fraction", default=Decimal(0)),
            seed=_integer(values, "seed", default=0),
        )
    if algorithm is ExecAlgorithm.VWAP:
        return VwapParams(
            **_horizon(values),
            volume_profile=_weights(values, "volume_profile"),
            profile_period_ns=_nanos(values, "profile_period_secs", default=DAY_NS),
        )
    if algorithm is ExecAlgorithm.ICEBERG:
        return IcebergParams(visible_quantity=_decimal(values, "visible_quantity", strict=True))
    return NormalParams()


def _horizon(values: Mapping[str, Any]) -> dict[str, int]:
    return {
        "horizon_ns": _nanos(values, "horizon_secs"),
        "interval_ns": _nanos(values, "interval_secs"),
    }


def _required(values: Mapping[str, Any], field: str, default: Any) -> Any:
    if field in values:
        return values[field]
    if default is None:
        raise InvalidAlgorithmParams(field, "is required")
    return default


def _to_decimal(value: Any, field: str, *, strict: bool = False) -> Decimal:
    """A finite Decimal from a string or int (and a float unless `strict`), parsed exactly."""
    if isinstance(value, str):
        try:
            parsed = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidAlgorithmParams(field, f"{value!r} is not a decimal") from None
    elif isinstance(value, int) and not isinstance(value, bool):
        parsed = Decimal(value)
    elif isinstance(value, float) and not strict:
        parsed = Decimal(repr(value))
    else:
        kind = "a decimal string" if strict else "a number or a decimal string"
        raise InvalidAlgorithmParams(field, f"must be {kind}, not {value!r}")
    if not parsed.is_finite():
        raise InvalidAlgorithmParams(field, "must be finite")
    return parsed


def _decimal(
    values: Mapping[str, Any], field: str, *, default: Decimal | None = None, strict: bool = False
) -> Decimal:
    value = _required(values, field, default)
    return value if isinstance(value, Decimal) else _to_decimal(value, field, strict=strict)


def _nanos(values: Mapping[str, Any], field: str, *, default: int | None = None) -> int:
    if field not in values and default is not None:
        return default
    return int(_decimal(values, field) * NS_PER_SEC)


def _integer(values: Mapping[str, Any], field: str, *, default: int) -> int:
    value = _required(values, field, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidAlgorithmParams(field, f"must be an integer, not {value!r}")
    return value


def _weights(values: Mapping[str, Any], field: str) -> tuple[Decimal, ...] | None:
    value = values.get(field)
    if value is None:
        return None
    if not isinstance(value, list | tuple) or not value:
        raise InvalidAlgorithmParams(field, "must be a non-empty list of weights")
    return tuple(_to_decimal(weight, f"{field}[{i}]") for i, weight in enumerate(value))
