"""Routes of the backtest API: submit a run, list runs, a run's status and its results."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import FromPath, JSONBody

from application.backtest.service_runs import BacktestRuns, RunAlreadyExists
from application.runs.ids import is_valid_run_id
from application.runs.layout import RESULT_FILES
from application.runs.reader import INCOMPLETE, RunReader
from entrypoints.backtest_launch import BacktestServices, LaunchError, new_ticket, resolve_dates
from entrypoints.http.backtest_messages import (
    listing_json,
    read_submission,
    status_json,
    stored_status_json,
)
from entrypoints.http.messages import BadRequest

ENDED = ("COMPLETED", "FAILED")


class BacktestController(Controller):
    """Runs execute on worker threads; the store is read on threads too (it may be GCS)."""

    path = "/api/backtests"

    @post("/", status_code=202, sync_to_thread=True)
    def submit(
        self,
        data: JSONBody[dict[str, Any]],
        runs: NamedDependency[BacktestRuns],
        services: NamedDependency[BacktestServices],
    ) -> dict[str, Any]:
        settings, requested, run_id = read_submission(data)
        try:
            dates = resolve_dates(settings, requested)
            ticket = new_ticket(settings, dates, run_id, datetime.now(UTC))
        except LaunchError as error:
            raise BadRequest(error.problems) from None
        if run_id is not None and services.reader().exists(run_id):
            raise HTTPException(status_code=409, detail=f"run {run_id} already exists")
        command = services.make_command(settings, dates, ticket)
        try:
            started = runs.start(ticket, command)
        except RunAlreadyExists as error:
            raise HTTPException(status_code=409, detail=str(error)) from None
        return {"run_id": started.run_id, "status": started.status}

    @get("/", sync_to_thread=True)
    def list_runs(
        self, runs: NamedDependency[BacktestRuns], reader: NamedDependency[RunReader]
    ) -> list[dict[str, Any]]:
        listed = {
            r.run_id: listing_json(r.run_id, r.status, r.created_at) for r in reader.list_runs()
        }
        for run in runs.all():
            if run.status not in ENDED or run.run_id not in listed:
                listed[run.run_id] = listing_json(run.run_id, run.status, run.created_at)
        return sorted(
            listed.values(), key=lambda r: (r["created_at"] or "", r["run_id"]), reverse=True
        )

    @get("/{run_id:str}", sync_to_thread=True)
    def run_status(
        self,
        run_id: FromPath[str],
        runs: NamedDependency[BacktestRuns],
        reader: NamedDependency[RunReader],
    ) -> dict[str, Any]:
        _check(run_id)
        known = runs.status(run_id)
        if known is not None:
            return status_json(known)
        if not reader.exists(run_id):
            raise NotFoundException(detail=f"no run {run_id}")
        return stored_status_json(reader.listing(run_id), reader.summary(run_id))

    @get("/{run_id:str}/results", sync_to_thread=True)
    def results(
        self,
        run_id: FromPath[str],
        runs: NamedDependency[BacktestRuns],
        reader: NamedDependency[RunReader],
    ) -> dict[str, Any]:
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
        return {
            "run_id": run_id,
            "status": summary.get("status"),
            "summary": summary,
            "files": {name: stored[name] for name in RESULT_FILES if name in stored},
            "config": stored.get("backtest_config.json"),
            "log": stored.get("execution.log"),
        }


def _check(run_id: FromPath[str]) -> None:
    if not is_valid_run_id(run_id):
        raise BadRequest([f"run_id: {run_id!r} is not BT-YYYYMMDD-HHMMSS-xxxxxx"])
