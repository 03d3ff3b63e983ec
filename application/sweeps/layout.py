"""Where a sweep's objects live in the execution bucket, and the form of sweep ids."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_SWEEP_ID = re.compile(r"^SW-\d{8}-\d{6}-[0-9a-f]{6}$")


class InvalidSweepId(ValueError):
    """A sweep id not of the form `SW-YYYYMMDD-HHMMSS-xxxxxx`."""

    def __init__(self, sweep_id: str) -> None:
        self.sweep_id = sweep_id
        super().__init__(f"invalid sweep id {sweep_id!r}: expected SW-YYYYMMDD-HHMMSS-xxxxxx")


def new_sweep_id(now: datetime, random_hex: str) -> str:
    return validate_sweep_id(f"SW-{now.astimezone(UTC):%Y%m%d-%H%M%S}-{random_hex}")


def validate_sweep_id(sweep_id: str) -> str:
    if not isinstance(sweep_id, str) or not _SWEEP_ID.match(sweep_id):
        raise InvalidSweepId(str(sweep_id)[:64])
    return sweep_id


def created_at_of(sweep_id: str) -> datetime:
    stamp = validate_sweep_id(sweep_id)[3:18]
    return datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=UTC)


def spec_path(sweep_id: str) -> str:
    """Written first: what a resumed sweep runs again."""
    return f"sweeps/{sweep_id}/spec.json"


def results_path(sweep_id: str) -> str:
    return f"sweeps/{sweep_id}/results.parquet"


def sweep_summary_path(sweep_id: str) -> str:
    """Written last: a sweep without it is still running or was interrupted."""
    return f"sweeps/{sweep_id}/sweep.json"
