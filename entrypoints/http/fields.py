"""Constrained field types of the HTTP bodies: bounded ids, one strict decimal grammar."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Annotated, Any

import msgspec
from litestar.exceptions import HTTPException

from entrypoints.http.messages import BadRequest

MAX_ID = 128
# What NUMERIC(36,18) holds: at most 18 digits before the point and 18 after it.
_DIGITS = r"(0|[1-9][0-9]{0,17})(\.[0-9]{1,18})?"
DECIMAL = re.compile(rf"-?{_DIGITS}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
TEXT_PATTERN = r"^[^\x00-\x1f\x7f]+$"
DECIMAL_HELP = 'a decimal string such as "0.5": digits, at most 18 before and 18 after the point'

Id = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=MAX_ID,
        pattern=TEXT_PATTERN,
        description="1-128 printable characters",
    ),
]
# One grammar for every decimal; whether it may be negative is the domain's rule (422).
Amount = Annotated[
    str,
    msgspec.Meta(max_length=41, pattern=f"^-?{_DIGITS}$", description=DECIMAL_HELP),
]
# Algorithm parameters are stored as JSONB: bounded, finite numbers, no NUL in text.
Params = Annotated[
    dict[str, Any],
    msgspec.Meta(
        max_length=64,
        description="a JSON object: at most 4 levels, 64 keys, text under 1000 characters, no NUL",
    ),
]
MAX_PARAM_DEPTH, MAX_PARAM_KEYS = 4, 64


def text(value: str, field: str) -> str:
    """Ids travel into the database and the log: no control characters, NUL included."""
    if not value or len(value) > MAX_ID or _CONTROL.search(value):
        raise BadRequest([f"{field}: must be 1-{MAX_ID} printable characters"])
    return value


def amount(value: str, field: str) -> Decimal:
    if not DECIMAL.fullmatch(value):
        raise BadRequest([f"{field}: {value[:40]!r} is not {DECIMAL_HELP}"])
    return Decimal(value)


def params(value: dict[str, Any], field: str = "exec_algorithm_params") -> dict[str, Any]:
    """Every bound of `Params`, and finite numbers (protobuf `Struct` numbers are doubles)."""
    problems: list[str] = []
    _walk(value, field, 1, problems, [0])
    if problems:  # beyond what the schema can say: 422, naming the field
        raise HTTPException(status_code=422, detail="invalid parameters", extra=problems[:5])
    return value


def _walk(value: Any, where: str, depth: int, problems: list[str], keys: list[int]) -> None:
    if isinstance(value, dict):
        if depth > MAX_PARAM_DEPTH:
            problems.append(f"{where}: nested deeper than {MAX_PARAM_DEPTH} levels")
            return
        keys[0] += len(value)
        if keys[0] > MAX_PARAM_KEYS:
            problems.append(f"{where}: more than {MAX_PARAM_KEYS} keys")
            return
        for key, item in value.items():
            if "\x00" in key:
                problems.append(f"{where}: a key contains NUL")
            _walk(item, f"{where}.{key[:40]}", depth + 1, problems, keys)
    elif isinstance(value, list):
        if depth > MAX_PARAM_DEPTH or len(value) > MAX_PARAM_KEYS:
            problems.append(f"{where}: a list nested too deeply or longer than {MAX_PARAM_KEYS}")
            return
        for index, item in enumerate(value):
            _walk(item, f"{where}[{index}]", depth + 1, problems, keys)
    elif isinstance(value, str):
        if "\x00" in value or len(value) > 1_000:
            problems.append(f"{where}: text must be under 1000 characters without NUL")
    elif isinstance(value, float) and not math.isfinite(value):
        problems.append(f"{where}: must be a finite number")
