"""Request and response messages of the backtest API (odum-backend)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import msgspec
from litestar.exceptions import NotFoundException

from application.backtest.service_runs import RunStatus
from application.runs.reader import RunListing
from application.runs.summary import timestamp
from application.settings.schema import Settings
from bootstrap.settings.loader import ConfigError, parse_settings, read_config_text
from entrypoints.http.messages import BadRequest

ConfigName = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
        max_length=64,
        description="a config in the service's config directory (api.config_dir), without .json",
    ),
]
RUN_ID_PATTERN = r"^BT-[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$"
RunIdText = Annotated[
    str, msgspec.Meta(pattern=RUN_ID_PATTERN, description="BT-YYYYMMDD-HHMMSS-xxxxxx")
]
# The backtest service's storage, database and API are its own: a request cannot choose them.
SERVER_SECTIONS = ("storage", "database", "live", "api")


class BacktestSubmission(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """`POST /api/backtests`: a config object or the name of a configured one, days, a run id."""

    config: dict[str, Any] | None = None
    config_name: ConfigName | None = None
    # Items are checked as dates (422): OpenAPI would not carry a pattern on list items.
    dates: Annotated[list[str], msgspec.Meta(max_length=366)] = msgspec.field(default_factory=list)
    run_id: RunIdText | None = None


class SubmittedOut(msgspec.Struct, kw_only=True):
    run_id: str
    status: str


class ProgressOut(msgspec.Struct, kw_only=True):
    windows_done: int
    windows_total: int


class RunStatusOut(msgspec.Struct, kw_only=True):
    run_id: str
    status: str
    created_at: str | None
    progress: ProgressOut
    error: str | None = None


class RunListingOut(msgspec.Struct, kw_only=True):
    run_id: str
    status: str
    created_at: str | None


class RunResultsOut(msgspec.Struct, kw_only=True):
    run_id: str
    status: str | None
    summary: dict[str, Any]
    files: dict[str, Any]
    config: Any
    log: Any


def read_submission(
    submission: BacktestSubmission, config_dir: str | None
) -> tuple[Settings, list[date], str | None]:
    """The settings and days of a submission; BadRequest naming every bad field."""
    if (submission.config is None) == (submission.config_name is None):
        raise BadRequest(["config: give exactly one of config (an object) or config_name"])
    days, problems = [], []
    for index, text in enumerate(submission.dates):
        try:
            days.append(date.fromisoformat(text))
        except ValueError:
            problems.append(f"dates[{index}]: {text!r} is not a date YYYY-MM-DD")
    if submission.config is not None:
        raw, prefix = submission.config, "config."
    else:
        raw, prefix = _named_config(str(submission.config_name), config_dir), "config_name: "
    problems += [
        f"{prefix}{section}: not used by a backtest request (the service's own applies); remove it"
        for section in SERVER_SECTIONS
        if section in raw
    ]
    try:
        settings = parse_settings(raw, "config")
    except ConfigError as error:
        problems += [f"{prefix}{problem}" for problem in error.problems]
    if problems:
        raise BadRequest(problems)
    return settings, days, submission.run_id


def _named_config(name: str, config_dir: str | None) -> dict[str, Any]:
    """`<name>.json` from the configured directory; the client never names a server path."""
    if config_dir is None:
        raise BadRequest(["config_name: this service has no config directory (api.config_dir)"])
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", name) or ".." in name:
        raise BadRequest([f"config_name: {name[:64]!r} is not a config name"])
    file = Path(config_dir) / f"{name}.json"
    try:
        text = read_config_text(file)
        raw = json.loads(text)
    except (ConfigError, ValueError, RecursionError):
        raise NotFoundException(
            detail=f"config_name: no readable config {name!r}",
            extra=[f"config_name: no readable config {name!r}"],
        ) from None
    if not isinstance(raw, dict):
        raise BadRequest([f"config_name: config {name!r} is not a JSON object"])
    return raw


def _time(moment: datetime | None) -> str | None:
    return timestamp(moment) if moment else None


def status_json(run: RunStatus) -> dict[str, Any]:
    body: dict[str, Any] = {
        "run_id": run.run_id,
        "status": run.status,
        "created_at": _time(run.created_at),
        "progress": {"windows_done": run.windows_done, "windows_total": run.windows_total},
    }
    if run.error is not None:
        body["error"] = run.error
    return body


def stored_status_json(listing: RunListing, summary: dict[str, Any] | None) -> dict[str, Any]:
    """A run known only from the store; INCOMPLETE when it has no summary.json."""
    windows = (summary or {}).get("execution_stats", {}).get("windows_loaded", 0)
    body: dict[str, Any] = {
        "run_id": listing.run_id,
        "status": listing.status,
        "created_at": _time(listing.created_at),
        "progress": {"windows_done": windows, "windows_total": windows},
    }
    if summary and "error" in summary:
        body["error"] = summary["error"]
    return body


def listing_json(run_id: str, status: str, created_at: datetime | None) -> dict[str, Any]:
    return {"run_id": run_id, "status": status, "created_at": _time(created_at)}
