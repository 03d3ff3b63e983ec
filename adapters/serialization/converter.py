"""The one cattrs converter of the edges: Decimals as strings, UTC datetimes, enums by value."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

import cattrs
from cattrs.v import format_exception


def _structure_decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError(f"expected a decimal string, got {type(value).__name__}")
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a decimal number") from None
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return result


def _structure_str(value: Any, target: type) -> Any:
    """Strings stay strings (cattrs would turn None into "None"); str enums by value."""
    if issubclass(target, Enum):
        return target(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {type(value).__name__}")
    return value


def _structure_datetime(value: Any, _: type) -> datetime:
    if not isinstance(value, str):
        raise ValueError("expected an ISO-8601 timestamp string")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _unstructure_datetime(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def make_converter(*, forbid_extra_keys: bool = True) -> cattrs.Converter:
    """A converter that reports every bad field (detailed validation) and rejects unknown keys."""
    converter = cattrs.Converter(forbid_extra_keys=forbid_extra_keys, detailed_validation=True)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(str, _structure_str)
    converter.register_unstructure_hook(Decimal, lambda d: format(d, "f"))
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_unstructure_hook(datetime, _unstructure_datetime)
    converter.register_structure_hook(frozenset, lambda v, t: frozenset(v))
    return converter


def strict_decimal_converter() -> cattrs.Converter:
    """For order messages: decimals must arrive as strings, never JSON numbers."""
    converter = make_converter()

    def structure(value: Any, _: type) -> Decimal:
        if not isinstance(value, str):
            raise ValueError('must be a decimal string such as "0.5" (JSON numbers lose precision)')
        return _structure_decimal(value, Decimal)

    converter.register_structure_hook(Decimal, structure)
    return converter


def _describe(exc: BaseException, expected: type | None) -> str:
    if isinstance(expected, type) and issubclass(expected, Enum):
        return "must be one of " + ", ".join(str(m.value) for m in expected)
    if isinstance(exc, KeyError):
        return "is required"
    if isinstance(exc, ValueError) and str(exc):
        return str(exc)
    return format_exception(exc, expected)


def error_messages(error: Exception) -> list[str]:
    """Flatten a cattrs validation error into `path: problem` lines."""
    if isinstance(error, cattrs.ClassValidationError | cattrs.IterableValidationError):
        lines = cattrs.transform_error(error, path="$", format_exception=_describe)
        return [_tidy(line) for line in lines]
    return [str(error)]


def _tidy(line: str) -> str:
    message, _, path = line.rpartition(" @ ")
    if not path:
        return line
    field = path.removeprefix("$").lstrip(".") or "(root)"
    return f"{field}: {message}"
