"""Backtest read endpoints: a run's equity, orders, fills, positions (paged) and progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import msgspec
from litestar import Router, get
from litestar.di import NamedDependency, Provide
from litestar.exceptions import HTTPException, NotFoundException
from litestar.params import Parameter

from application.backtest.service_runs import BacktestRuns
from application.runs.ids import is_valid_run_id
from application.runs.read_progress import ReadProgress
from application.runs.reader import RunReader
from application.runs.tables import RunTableMissing, RunTables
from entrypoints.http.backtest_routes import RunIdPath
from entrypoints.http.fields import MAX_ID, TEXT_PATTERN
from entrypoints.http.messages import BadRequest
from entrypoints.http.read_routes_types import (
    EquityPage,
    EquityPoint,
    RunFill,
    RunFillPage,
    RunOrder,
    RunOrderPage,
    RunPosition,
    RunPositionPage,
    RunProgress,
)
from entrypoints.http.responses import READ_ERRORS

MAX_LIMIT = 100_000

# Filters: printable text (a control character is refused by the schema, not a 400 later).
QueryText = Annotated[str | None, Parameter(pattern=TEXT_PATTERN, max_length=MAX_ID)]


def page_bounds(offset: int, limit: int) -> None:
    """BadRequest naming `offset`/`limit` when they are out of range."""
    problems = []
    if offset < 0:
        problems.append("offset: must be 0 or more")
    if not 1 <= limit <= MAX_LIMIT:
        problems.append(f"limit: must be between 1 and {MAX_LIMIT}")
    if problems:
        raise BadRequest(problems)


def matching(rows: list[dict[str, Any]], **wanted: str | None) -> list[dict[str, Any]]:
    """Rows whose columns equal every given (not None) value; text compared case-blind."""
    given = {k: v.upper() for k, v in wanted.items() if v is not None}
    return [r for r in rows if all(str(r.get(k, "")).upper() == v for k, v in given.items())]


def _rows(tables: RunTables, runs: BacktestRuns, run_id: str, table: str) -> list[dict[str, Any]]:
    if not is_valid_run_id(run_id):
        # Of the form (the path pattern checked that) but no real date and time: no such run.
        raise NotFoundException(detail=f"run {run_id} not found")
    known = runs.status(run_id)
    try:
        return tables.rows(run_id, table)
    except RunTableMissing as missing:
        if known is not None and known.status in ("QUEUED", "RUNNING"):
            raise HTTPException(status_code=409, detail=f"run {run_id} is {known.status}") from None
        raise NotFoundException(detail=str(missing)) from None


def _items[T](rows: list[dict[str, Any]], offset: int, limit: int, kind: type[T]) -> list[T]:
    shown = [{k: _plain(v) for k, v in row.items()} for row in rows[offset : offset + limit]]
    return msgspec.convert(shown, list[kind])  # type: ignore[valid-type]


def _plain(value: Any) -> Any:
    """Timestamps as the store's table library gives them become `datetime`."""
    to_datetime = getattr(value, "to_pydatetime", None)
    return to_datetime() if callable(to_datetime) else value


@get("/{run_id:str}/equity", sync_to_thread=True, raises=READ_ERRORS)
def equity(
    run_id: RunIdPath,
    tables: NamedDependency[RunTables],
    runs: NamedDependency[BacktestRuns],
    offset: Annotated[int, Parameter(query="offset", ge=0)] = 0,
    limit: Annotated[int, Parameter(query="limit", ge=1, le=MAX_LIMIT)] = MAX_LIMIT,
) -> EquityPage:
    """The run's equity curve and drawdown, oldest first."""
    page_bounds(offset, limit)
    rows = _rows(tables, runs, run_id, "equity")
    items = _items(rows, offset, limit, EquityPoint)
    return EquityPage(run_id=run_id, total=len(rows), offset=offset, limit=limit, items=items)


@get("/{run_id:str}/orders", sync_to_thread=True, raises=READ_ERRORS)
def orders(
    run_id: RunIdPath,
    tables: NamedDependency[RunTables],
    runs: NamedDependency[BacktestRuns],
    instrument_key: QueryText = None,
    side: QueryText = None,
    status: QueryText = None,
    offset: Annotated[int, Parameter(query="offset", ge=0)] = 0,
    limit: Annotated[int, Parameter(query="limit", ge=1, le=MAX_LIMIT)] = 1_000,
) -> RunOrderPage:
    """The run's orders (children included), filtered by instrument, side and status."""
    page_bounds(offset, limit)
    rows = matching(
        _rows(tables, runs, run_id, "orders"),
        instrument_key=instrument_key,
        side=side,
        status=status,
    )
    items = _items(rows, offset, limit, RunOrder)
    return RunOrderPage(run_id=run_id, total=len(rows), offset=offset, limit=limit, items=items)


@get("/{run_id:str}/fills", sync_to_thread=True, raises=READ_ERRORS)
def fills(
    run_id: RunIdPath,
    tables: NamedDependency[RunTables],
    runs: NamedDependency[BacktestRuns],
    instrument_key: QueryText = None,
    side: QueryText = None,
    venue: QueryText = None,
    offset: Annotated[int, Parameter(query="offset", ge=0)] = 0,
    limit: Annotated[int, Parameter(query="limit", ge=1, le=MAX_LIMIT)] = 1_000,
) -> RunFillPage:
    """The run's fills, filtered by instrument, side and venue."""
    page_bounds(offset, limit)
    rows = matching(
        _rows(tables, runs, run_id, "fills"), instrument_key=instrument_key, side=side, venue=venue
    )
    items = _items(rows, offset, limit, RunFill)
    return RunFillPage(run_id=run_id, total=len(rows), offset=offset, limit=limit, items=items)


@get("/{run_id:str}/positions", sync_to_thread=True, raises=READ_ERRORS)
def positions(
    run_id: RunIdPath,
    tables: NamedDependency[RunTables],
    runs: NamedDependency[BacktestRuns],
    instrument_key: QueryText = None,
    offset: Annotated[int, Parameter(query="offset", ge=0)] = 0,
    limit: Annotated[int, Parameter(query="limit", ge=1, le=MAX_LIMIT)] = 1_000,
) -> RunPositionPage:
    """The run's position snapshots (every change and every equity sample)."""
    page_bounds(offset, limit)
    rows = matching(_rows(tables, runs, run_id, "positions"), instrument_key=instrument_key)
    items = _items(rows, offset, limit, RunPosition)
    return RunPositionPage(run_id=run_id, total=len(rows), offset=offset, limit=limit, items=items)


@get("/{run_id:str}/progress", sync_to_thread=True, raises=READ_ERRORS)
def progress(
    run_id: RunIdPath,
    runs: NamedDependency[BacktestRuns],
    reader: NamedDependency[RunReader],
    read_progress: NamedDependency[ReadProgress],
) -> RunProgress:
    """Windows done of planned and bytes read, for a run this service started or stored."""
    if not is_valid_run_id(run_id):
        # Of the form (the path pattern checked that) but no real date and time: no such run.
        raise NotFoundException(detail=f"run {run_id} not found")
    known = runs.status(run_id)
    if known is not None:
        return RunProgress(
            run_id=run_id,
            status=known.status,
            windows_done=known.windows_done,
            windows_total=known.windows_total,
            bytes_read=read_progress.bytes_read(run_id),
            error=known.error,
        )
    summary = reader.summary(run_id)
    if summary is None:
        raise NotFoundException(detail=f"no run {run_id} with a summary")
    stats = summary.get("execution_stats", {})
    windows = int(stats.get("windows_loaded", 0))
    read = stats.get("bytes_read")
    return RunProgress(
        run_id=run_id,
        status=str(summary.get("status")),
        windows_done=windows,
        windows_total=windows,
        bytes_read=int(read) if isinstance(read, int | float) else None,
        error=summary.get("error"),
    )


def backtest_read_routes(tables: RunTables, read_progress: ReadProgress) -> Router:
    """Mounted next to BacktestController; `runs` and `reader` come from the app."""

    def constant(value: object) -> Provide:
        made: Callable[[], object] = lambda: value  # noqa: E731
        return Provide(made, use_cache=True, sync_to_thread=False)

    return Router(
        path="/api/backtests",
        route_handlers=[equity, orders, fills, positions, progress],
        dependencies={"tables": constant(tables), "read_progress": constant(read_progress)},
    )
