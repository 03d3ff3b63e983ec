"""JSON at the Deribit edge: Decimals out as JSON numbers, JSON numbers in as Decimals."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def encode(message: dict[str, Any]) -> str:
    return json.dumps(message, default=_number, separators=(",", ":"))


def decode(text: str | bytes) -> Any:
    return json.loads(text, parse_float=Decimal)


def to_decimal(value: Any) -> Decimal:
    """A JSON number (int, Decimal or float) as a Decimal, via its text."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _number(value: Any) -> int | float:
    if isinstance(value, Decimal):
        # Deribit takes JSON numbers; the shortest float repr of a decimal string is exact
        # for the prices and amounts a venue accepts.
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"cannot encode {type(value).__name__}")
