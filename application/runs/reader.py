"""Reads runs back from the execution bucket: a run is complete only once summary.json exists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs

from application.runs.ids import InvalidRunId, started_at
from application.runs.layout import (
    RESULT_FILES,
    RESULTS_PREFIX,
    config_path,
    log_path,
    result_path,
    run_id_of,
    summary_path,
)
from ports.object_store import DataFormat, ObjectStore, StorageTarget

INCOMPLETE = "INCOMPLETE"
_UNDATED = datetime.min.replace(tzinfo=UTC)

# Where an object can be found by a person: `gs://bucket/path` or a local file path.
Locate = Callable[[StorageTarget, str], str]


def plain_location(target: StorageTarget, path: str) -> str:
    return f"{target.value}/{path}"


@attrs.frozen(kw_only=True)
class RunListing:
    """One run under backtest_results/: COMPLETED or FAILED from its summary, else INCOMPLETE."""

    run_id: str
    status: str
    created_at: datetime | None


class RunReader:
    """Lists runs, reads summaries and names where each output file is."""

    def __init__(self, store: ObjectStore, locate: Locate = plain_location) -> None:
        self._store = store
        self._locate = locate

    def run_ids(self) -> list[str]:
        """Every run id with at least one object under backtest_results/, sorted."""
        paths = self._store.list(StorageTarget.EXECUTION, RESULTS_PREFIX)
        return sorted({run_id for path in paths if (run_id := run_id_of(path))})

    def list_runs(self) -> list[RunListing]:
        """Newest first (by the time stamped in the id, then the id)."""
        listings = [self.listing(run_id) for run_id in self.run_ids()]
        return sorted(listings, key=lambda r: (r.created_at or _UNDATED, r.run_id), reverse=True)

    def listing(self, run_id: str) -> RunListing:
        summary = self.summary(run_id)
        if summary is None:
            return RunListing(run_id=run_id, status=INCOMPLETE, created_at=_stamp(run_id))
        return RunListing(
            run_id=run_id,
            status=str(summary.get("status", INCOMPLETE)),
            created_at=_parse_time(summary.get("created_at")) or _stamp(run_id),
        )

    def stored_files(self, run_id: str) -> list[str]:
        """Names of the objects under `backtest_results/{run_id}/`, sorted."""
        prefix = result_path(run_id, "")
        return sorted(p[len(prefix) :] for p in self._store.list(StorageTarget.EXECUTION, prefix))

    def exists(self, run_id: str) -> bool:
        """Whether anything of the run was stored (complete or not)."""
        return bool(self.stored_files(run_id))

    def is_complete(self, run_id: str) -> bool:
        return self._store.exists(StorageTarget.EXECUTION, summary_path(run_id))

    def summary(self, run_id: str) -> dict[str, Any] | None:
        """The parsed summary.json, or None while the run is incomplete (or unknown)."""
        if not self.is_complete(run_id):
            return None
        path = summary_path(run_id)
        summary = self._store.download(StorageTarget.EXECUTION, path, DataFormat.JSON)
        if not isinstance(summary, dict):
            raise ValueError(f"{path} is not a JSON object")
        return summary

    def locations(self, run_id: str) -> dict[str, str]:
        """The five result files, then the config copy and the execution log."""
        target = StorageTarget.EXECUTION
        found = {name: self._locate(target, result_path(run_id, name)) for name in RESULT_FILES}
        found["backtest_config.json"] = self._locate(target, config_path(run_id))
        found["execution.log"] = self._locate(target, log_path(run_id))
        return found

    def stored_locations(self, run_id: str) -> dict[str, str]:
        """`locations` of only the objects that exist (a failed run has no tables)."""
        stored = set(self.stored_files(run_id))
        target = StorageTarget.EXECUTION
        stored.update(
            name
            for name, path in (
                ("backtest_config.json", config_path(run_id)),
                ("execution.log", log_path(run_id)),
            )
            if self._store.exists(target, path)
        )
        return {name: where for name, where in self.locations(run_id).items() if name in stored}


def _stamp(run_id: str) -> datetime | None:
    try:
        return started_at(run_id)
    except InvalidRunId:
        return None


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
