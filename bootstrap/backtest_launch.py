"""Turning a config and dates into a backtest run: ticket, command and the services it needs."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import attrs

from adapters.results.parquet_tables import ParquetTableEncoder
from application.backtest.job import BacktestJob, BacktestUseCase, RunTicket
from application.runs.ids import InvalidRunId, new_run_id, validate_run_id
from application.runs.reader import Locate, RunReader
from application.runs.writer import RunWriter
from application.settings.schema import Settings
from bootstrap.settings.loader import to_json
from ports.object_store import ObjectStore


class LaunchError(Exception):
    """A request that cannot become a run (no dates, bad run id...); `problems` name each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def backtest_command(settings: Settings, dates: Sequence[date], ticket: RunTicket) -> Any:
    """The engine's `BacktestCommand` for this run (application/backtest/run_backtest.py)."""
    from application.backtest.run_backtest import BacktestCommand

    return BacktestCommand(
        run_id=ticket.run_id,
        created_at=ticket.created_at,
        settings=settings,
        dates=tuple(dates),
        config=ticket.config,
    )


CommandFactory = Callable[[Settings, Sequence[date], RunTicket], Any]


@attrs.frozen(kw_only=True)
class BacktestServices:
    """The backtest use case and the store its results go to, as the entry points need them."""

    run_backtest: BacktestUseCase
    store: ObjectStore
    locate: Locate
    make_command: CommandFactory = backtest_command

    def job(self) -> BacktestJob:
        return BacktestJob(self.run_backtest, RunWriter(self.store, ParquetTableEncoder()))

    def reader(self) -> RunReader:
        return RunReader(self.store, self.locate)


def backtest_services(container: Any) -> BacktestServices:
    """From the backtest profile's container: the store and its `run_backtest`."""
    from adapters.results.locations import locate_in

    store = container.infra.object_store()
    return BacktestServices(
        run_backtest=container.infra.profile.run_backtest(), store=store, locate=locate_in(store)
    )


def resolve_dates(settings: Settings, requested: Sequence[date]) -> tuple[date, ...]:
    """The requested days, else the config's `backtest.dates`; sorted, at least one."""
    if requested:
        return tuple(sorted(set(requested)))
    days, problems = [], []
    for index, text in enumerate(settings.backtest.dates):
        try:
            days.append(date.fromisoformat(text))
        except (TypeError, ValueError):
            problems.append(f"backtest.dates[{index}]: {text!r} is not a date YYYY-MM-DD")
    if problems:
        raise LaunchError(problems)
    if not days:
        raise LaunchError(["dates: none given; pass dates or set backtest.dates in the config"])
    return tuple(sorted(set(days)))


def effective_config(settings: Settings, dates: Sequence[date]) -> dict[str, Any]:
    """The exact config of the run: the file's settings with the days actually run."""
    backtest = attrs.evolve(settings.backtest, dates=[d.isoformat() for d in dates])
    return to_json(attrs.evolve(settings, backtest=backtest))


def new_ticket(
    settings: Settings,
    dates: Sequence[date],
    run_id: str | None = None,
    now: datetime | None = None,
) -> RunTicket:
    created_at = now or datetime.now(UTC)
    if run_id is None:
        run_id = new_run_id("BT", created_at, secrets.token_hex(3))
    else:
        try:
            validate_run_id(run_id)
        except InvalidRunId as error:
            raise LaunchError([f"run_id: {error}"]) from None
        if not run_id.startswith("BT-"):
            raise LaunchError([f"run_id: {run_id!r} is a live run id; backtests use BT-..."])
    return RunTicket(
        run_id=run_id,
        created_at=created_at,
        config=effective_config(settings, dates),
        currency=settings.backtest.currency,
    )
