"""Routes of the sweep API on the backtest service: start a sweep, follow it."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any

import attrs
from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import JSONBody, Parameter

from application.sweeps import (
    InvalidSweep,
    new_sweep_id,
    parse_sweep,
    stored_summary,
    validate_sweep_id,
)
from application.sweeps.service import SweepService, SweepStatus
from application.sweeps.spec import ConfigCheck, ConfigComplete
from entrypoints.http.responses import READ_ERRORS, WRITE_ERRORS, Unprocessable
from ports.object_store import ObjectStore
from ports.sweep_executor import SweepExecutor


@attrs.frozen(kw_only=True)
class SweepApi:
    """What the routes need: the sweeps, the store they write to, and the service's own
    storage section, which every run uses (a client never names where data lives)."""

    sweeps: SweepService
    store: ObjectStore
    storage: Mapping[str, Any]
    check: ConfigCheck
    complete: ConfigComplete


def sweep_api_for(
    store: ObjectStore, settings: Any, executor: SweepExecutor | None = None
) -> SweepApi:
    """The sweep API of a backtest service: sweeps on Ray (RAY_ADDRESS, else a local Ray started
    on the first sweep), every run on the service's own storage, one sweep at a time."""
    from concurrent.futures import ThreadPoolExecutor

    from application.sweeps.service import SweepService
    from bootstrap.settings.loader import to_json
    from bootstrap.sweeps import build_executor, build_run_sweep, complete_config, config_problems

    run_sweep = build_run_sweep(store, executor or build_executor("ray"))
    return SweepApi(
        sweeps=SweepService(run_sweep, ThreadPoolExecutor(1, thread_name_prefix="sweep")),
        store=store,
        storage=to_json(settings)["storage"],
        check=config_problems,
        complete=complete_config,
    )


SweepIdPath = Annotated[
    str, Parameter(pattern=r"^SW-\d{8}-\d{6}-[0-9a-f]{6}$", description="SW-YYYYMMDD-HHMMSS-xxxxxx")
]


class SweepController(Controller):
    path = "/api/sweeps"

    @post("/", status_code=202, sync_to_thread=True, raises=WRITE_ERRORS)
    def start(
        self, data: JSONBody[dict[str, Any]], sweep_api: NamedDependency[SweepApi]
    ) -> dict[str, Any]:
        base = data.get("base_config") if isinstance(data, dict) else None
        if isinstance(base, dict) and "storage" in base:
            raise Unprocessable(
                detail="invalid sweep",
                extra=["base_config.storage: not allowed; runs use this service's storage"],
            )
        if isinstance(base, dict):
            data = {**data, "base_config": {**base, "storage": dict(sweep_api.storage)}}
        try:
            spec = parse_sweep(data, sweep_api.check, sweep_api.complete)
        except InvalidSweep as error:  # well-formed JSON that breaks the sweep's rules
            raise Unprocessable(detail="invalid sweep", extra=error.problems) from None
        created_at = datetime.now(UTC).replace(microsecond=0)
        sweep_id = new_sweep_id(created_at, secrets.token_hex(3))
        return _status_json(sweep_api.sweeps.start(spec, sweep_id, created_at))

    @get("/{sweep_id:str}", sync_to_thread=True, raises=READ_ERRORS)
    def status(self, sweep_id: SweepIdPath, sweep_api: NamedDependency[SweepApi]) -> dict[str, Any]:
        validate_sweep_id(sweep_id)
        status = sweep_api.sweeps.status(sweep_id)
        if status is not None:
            return _status_json(status)
        stored = stored_summary(sweep_api.store, sweep_id)
        if stored is None:
            raise NotFoundException(detail=f"sweep {sweep_id} not found")
        return {key: stored[key] for key in ("sweep_id", "status", "counts", "top", "metric")}


def _status_json(status: SweepStatus) -> dict[str, Any]:
    body: dict[str, Any] = {
        "sweep_id": status.sweep_id,
        "status": status.status,
        "created_at": status.created_at.isoformat().replace("+00:00", "Z"),
        "runs_total": status.runs_total,
        "runs_done": status.runs_done,
        "runs_failed": status.runs_failed,
    }
    if status.counts is not None:
        body["counts"] = status.counts
        body["top"] = list(status.top)
    if status.error is not None:
        body["error"] = status.error
    return body
