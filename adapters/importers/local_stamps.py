"""The unit of a recording's local-timestamp prefix (s, ms, µs or ns), told from its magnitude."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import attrs

# Times since 1970 between 2001-09-09 and 2286-11-20 have 10, 13, 16 or 19 digits in s, ms,
# µs or ns; any other magnitude is not a unit we can tell, so it is refused.
_UNITS = (("s", 10**9, 10**9), ("ms", 10**12, 10**6), ("µs", 10**15, 10**3), ("ns", 10**18, 1))


class StampError(ValueError):
    """A prefix that is not a time since 1970 in a known unit, or not the file's unit."""


@attrs.frozen
class StampUnit:
    """A unit and how many ns one of it is."""

    name: str
    ns: int


def unit_of(stamp: str) -> StampUnit:
    """The unit of one prefix; decimal seconds (`1723161255.03`) count as seconds."""
    value = _number(stamp)
    if "." in stamp:
        if 10**9 <= value < 10**10:
            return StampUnit("s", 10**9)
    else:
        for name, low, ns in _UNITS:
            if low <= value < low * 10:
                return StampUnit(name, ns)
    raise StampError(
        f"local timestamp {stamp!r} is not a time since 1970 in s, ms, µs or ns "
        "(10, 13, 16 or 19 digits for 2001-2286)"
    )


class StampReader:
    """Prefixes of one file to ns: the unit of the first line, and every line must share it."""

    def __init__(self) -> None:
        self.unit: StampUnit | None = None
        self._digits = 0  # length of an integer prefix in the file's unit (fast path)

    def to_ns(self, stamp: str) -> int:
        if self._digits and len(stamp) == self._digits and stamp.isdigit():
            return int(stamp) * self.unit.ns  # type: ignore[union-attr]
        unit = unit_of(stamp)
        if self.unit is None:
            self.unit = unit
            self._digits = 0 if "." in stamp else len(stamp)
        elif unit != self.unit:
            raise StampError(
                f"local timestamp {stamp!r} is in {unit.name}, but the file's first line is "
                f"in {self.unit.name}"
            )
        if unit.ns == 1:
            return int(stamp)
        return int(_number(stamp) * unit.ns)


def _number(stamp: str) -> Decimal:
    try:
        value = Decimal(stamp)
    except InvalidOperation:
        raise StampError(f"local timestamp {stamp!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise StampError(f"local timestamp {stamp!r} is not a time since 1970")
    return value
