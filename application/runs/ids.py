"""Run ids of CONTRACTS §2: `BT-YYYYMMDD-HHMMSS-xxxxxx` (backtests), `LIVE-...` (live runs)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Literal

RunPrefix = Literal["BT", "LIVE"]

_RUN_ID = re.compile(r"^(BT|LIVE)-(\d{8})-(\d{6})-([0-9a-f]{6})$")
_HEX6 = re.compile(r"^[0-9a-f]{6}$")


class InvalidRunId(ValueError):
    """A run id that does not have the form `BT|LIVE-YYYYMMDD-HHMMSS-xxxxxx`."""

    def __init__(self, run_id: str, reason: str) -> None:
        self.run_id, self.reason = run_id, reason
        super().__init__(f"invalid run id {run_id!r}: {reason}")


def new_run_id(prefix: RunPrefix, now: datetime, random_hex: str) -> str:
    """The id of a run started at `now` (taken in UTC); `random_hex` is 6 lowercase hex digits."""
    if prefix not in ("BT", "LIVE"):
        raise ValueError(f"run id prefix must be BT or LIVE, got {prefix!r}")
    if not _HEX6.match(random_hex):
        raise ValueError(f"random part must be 6 lowercase hex digits, got {random_hex!r}")
    if now.tzinfo is None:
        raise ValueError("run ids are stamped in UTC: pass an aware datetime")
    return f"{prefix}-{now.astimezone(UTC):%Y%m%d-%H%M%S}-{random_hex}"


def validate_run_id(run_id: str) -> str:
    """`run_id` unchanged when it is well formed (real date and time); InvalidRunId otherwise."""
    started_at(run_id)
    return run_id


def is_valid_run_id(run_id: str) -> bool:
    try:
        validate_run_id(run_id)
    except InvalidRunId:
        return False
    return True


def started_at(run_id: str) -> datetime:
    """The UTC second a run id was stamped with."""
    match = _RUN_ID.match(run_id) if isinstance(run_id, str) else None
    if match is None:
        raise InvalidRunId(str(run_id), "expected BT-YYYYMMDD-HHMMSS-xxxxxx or LIVE-...")
    try:
        stamp = datetime.strptime(match.group(2) + match.group(3), "%Y%m%d%H%M%S")
    except ValueError:
        raise InvalidRunId(run_id, "the date or time does not exist") from None
    return stamp.replace(tzinfo=UTC)
