"""Request and response messages of the backtest API (odum-backend)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs

from application.backtest.service_runs import RunStatus
from application.runs.reader import RunListing
from application.runs.summary import timestamp
from application.settings.schema import Settings
from bootstrap.settings.loader import ConfigError, load_settings, parse_settings
from entrypoints.http.messages import BadRequest, parse


@attrs.frozen(kw_only=True)
class BacktestSubmission:
    """`POST /api/backtests`: a config object or a config file path, days, an optional run id."""

    config: dict[str, Any] | None = None
    config_path: str | None = None
    dates: list[str] = attrs.field(factory=list)
    run_id: str | None = None


def read_submission(body: Any) -> tuple[Settings, list[date], str | None]:
    """The settings and days of a submission; BadRequest naming every bad field."""
    submission: BacktestSubmission = parse(body, BacktestSubmission)
    if (submission.config is None) == (submission.config_path is None):
        raise BadRequest(["config: give exactly one of config (an object) or config_path"])
    days, problems = [], []
    for index, text in enumerate(submission.dates):
        try:
            days.append(date.fromisoformat(text))
        except ValueError:
            problems.append(f"dates[{index}]: {text!r} is not a date YYYY-MM-DD")
    try:
        if submission.config is not None:
            settings = parse_settings(submission.config, "config")
        else:
            settings = load_settings(str(submission.config_path))
    except ConfigError as error:
        prefix = "config." if submission.config is not None else f"{error.source}: "
        problems += [f"{prefix}{problem}" for problem in error.problems]
    if problems:
        raise BadRequest(problems)
    return settings, days, submission.run_id


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
