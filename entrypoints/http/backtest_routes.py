"""Routes of the backtest API: submit a run, list runs, a run's status and its results."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import JSONBody, Parameter

from adapters.importers.object_paths import signals_path
from application.backtest.service_runs import BacktestRuns, RunAlreadyExists
from application.runs.ids import is_valid_run_id
from application.runs.layout import RESULT_FILES
from application.runs.reader import INCOMPLETE, RunReader
from application.settings.schema import ApiSettings
from bootstrap.backtest_launch import BacktestServices, LaunchError, new_ticket, resolve_dates
from entrypoints.http.backtest_messages import (
    RUN_ID_PATTERN,
    BacktestSubmission,
    RunListingOut,
    RunResultsOut,
    RunStatusOut,
    SubmittedOut,
    listing_json,
    read_submission,
    status_json,
    stored_status_json,
)
from entrypoints.http.bodies import StrictBody
from entrypoints.http.messages import BadRequest
from entrypoints.http.responses import Conflict, Unprocessable
from ports.object_store import ObjectStore, StorageTarget

ENDED = ("COMPLETED", "FAILED")
RunIdPath = Annotated[
    str,
    Parameter(pattern=RUN_ID_PATTERN, description="BT-YYYYMMDD-HHMMSS-xxxxxx"),
]


class BacktestController(Controller):
    """Runs execute on worker threads; the store is read on threads too (it may be GCS)."""

    path = "/api/backtests"

    @post(
        "/",
        status_code=202,
        sync_to_thread=True,
        dto=StrictBody[BacktestSubmission],
        return_dto=None,
        raises=[Conflict, NotFoundException, Unprocessable],
    )
    def submit(
        self,
        data: JSONBody[BacktestSubmission],
        runs: NamedDependency[BacktestRuns],
        services: NamedDependency[BacktestServices],
        api: NamedDependency[ApiSettings],
    ) -> SubmittedOut:
        try:  # the body matched its schema: what is wrong now is a rule (422)
            settings, requested, run_id = read_submission(data, api.config_dir)
            dates = resolve_dates(settings, requested)
            ticket = new_ticket(settings, dates, run_id, datetime.now(UTC))
            unknown = unknown_strategies(services.store, settings.backtest.strategies, dates)
            if unknown:
                raise BadRequest(unknown)
        except (BadRequest, LaunchError) as error:
            raise HTTPException(
                status_code=422, detail="invalid backtest", extra=error.problems
            ) from None
        if run_id is not None and services.reader().exists(run_id):
            raise HTTPException(status_code=409, detail=f"run {run_id} already exists")
        command = services.make_command(settings, dates, ticket)
        try:
            started = runs.start(ticket, command)
        except RunAlreadyExists as error:
            raise HTTPException(status_code=409, detail=str(error)) from None
        return {"run_id": started.run_id, "status": started.status}  # type: ignore[return-value]

    @get("/", sync_to_thread=True)
    def list_runs(
        self, runs: NamedDependency[BacktestRuns], reader: NamedDependency[RunReader]
    ) -> list[RunListingOut]:
        listed = {
            r.run_id: listing_json(r.run_id, r.status, r.created_at) for r in reader.list_runs()
        }
        for run in runs.all():
            if run.status not in ENDED or run.run_id not in listed:
                listed[run.run_id] = listing_json(run.run_id, run.status, run.created_at)
        return sorted(  # type: ignore[return-value]
            listed.values(), key=lambda r: (r["created_at"] or "", r["run_id"]), reverse=True
        )

    @get("/{run_id:str}", sync_to_thread=True, raises=[NotFoundException])
    def run_status(
        self,
        run_id: RunIdPath,
        runs: NamedDependency[BacktestRuns],
        reader: NamedDependency[RunReader],
    ) -> RunStatusOut:
        _check(run_id)
        known = runs.status(run_id)
        if known is not None:
            return status_json(known)  # type: ignore[return-value]
        if not reader.exists(run_id):
            raise NotFoundException(detail=f"no run {run_id}")
        stored = stored_status_json(reader.listing(run_id), reader.summary(run_id))
        return stored  # type: ignore[return-value]

    @get("/{run_id:str}/results", sync_to_thread=True, raises=[NotFoundException, Conflict])
    def results(
        self,
        run_id: RunIdPath,
        runs: NamedDependency[BacktestRuns],
        reader: NamedDependency[RunReader],
    ) -> RunResultsOut:
        _check(run_id)
        known = runs.status(run_id)
        if known is not None and known.status not in ENDED:
            done = f"{known.windows_done}/{known.windows_total} windows"
            raise HTTPException(status_code=409, detail=f"run {run_id} is {known.status} ({done})")
        summary = reader.summary(run_id)
        if summary is None:
            if reader.exists(run_id):
                raise HTTPException(status_code=409, detail=f"run {run_id} is {INCOMPLETE}")
            raise NotFoundException(detail=f"no run {run_id}")
        stored = reader.stored_locations(run_id)
        return {  # type: ignore[return-value]
            "run_id": run_id,
            "status": summary.get("status"),
            "summary": summary,
            "files": {name: stored[name] for name in RESULT_FILES if name in stored},
            "config": stored.get("backtest_config.json"),
            "log": stored.get("execution.log"),
        }


def unknown_strategies(store: ObjectStore, wanted: list[str], dates: Sequence[date]) -> list[str]:
    """A strategy with no signal file on any of the run's days would run with no signals."""
    if not wanted:
        return []
    known: set[str] = set()
    for day in dates:
        for path in store.list(StorageTarget.SIGNALS, signals_path(day, "")[: -len(".parquet")]):
            known.add(path.rsplit("/", 1)[-1].removesuffix(".parquet"))
    listed = ", ".join(sorted(known)[:20]) or "none"
    return [
        f"backtest.strategies[{index}]: {name!r} has no signals on the run's days (known: {listed})"
        for index, name in enumerate(wanted)
        if name not in known
    ]


def _check(run_id: str) -> None:
    if not is_valid_run_id(run_id):  # the right shape but no real time (month 13): no such run
        raise NotFoundException(detail=f"no run {run_id}")
