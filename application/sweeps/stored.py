"""Reading a sweep back from the execution bucket: its stored spec (for --resume) and summary."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from application.sweeps.layout import spec_path, sweep_summary_path
from application.sweeps.spec import ConfigCheck, ConfigComplete, SweepSpec, parse_sweep
from ports.object_store import DataFormat, ObjectStore, StorageTarget


class UnknownSweep(Exception):
    def __init__(self, sweep_id: str) -> None:
        self.sweep_id = sweep_id
        super().__init__(f"sweep {sweep_id}: no spec.json in the execution bucket")


def stored_spec(
    store: ObjectStore, sweep_id: str, check: ConfigCheck, complete: ConfigComplete
) -> tuple[SweepSpec, datetime]:
    """The spec a sweep started with and its start time, as written when it started."""
    document = _read(store, spec_path(sweep_id))
    if document is None:
        raise UnknownSweep(sweep_id)
    spec = parse_sweep(document["spec"], check, complete)
    return spec, datetime.fromisoformat(document["created_at"])


def stored_summary(store: ObjectStore, sweep_id: str) -> dict[str, Any] | None:
    """sweep.json, or None while the sweep runs (or after it was interrupted)."""
    return _read(store, sweep_summary_path(sweep_id))


def _read(store: ObjectStore, path: str) -> dict[str, Any] | None:
    if not store.exists(StorageTarget.EXECUTION, path):
        return None
    return store.download(StorageTarget.EXECUTION, path, DataFormat.JSON)
