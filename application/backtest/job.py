"""One backtest from start to summary.json; a failure still ends in a FAILED summary."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

import attrs

from application.runs.log import RunLog
from application.runs.summary import COMPLETED, FAILED
from application.runs.writer import RunWriter
from domain.run_records import RunRecords

log = logging.getLogger(__name__)


class WindowProgress(Protocol):
    """What this module reads of the engine's `ProgressEvent`: windows done out of planned."""

    @property
    def windows_done(self) -> int: ...

    @property
    def windows_total(self) -> int: ...


ProgressCallback = Callable[[WindowProgress], None]


class BacktestUseCase(Protocol):
    """`RunBacktest` of application/backtest/run_backtest.py, as this module uses it."""

    def __call__(self, command: Any, progress: ProgressCallback | None = None) -> RunRecords: ...


@attrs.frozen(kw_only=True)
class RunTicket:
    """What is known of a run before it starts: its id, start time and effective config."""

    run_id: str
    created_at: datetime
    config: dict[str, Any]
    mode: str = "backtest"
    currency: str = "USDT"


@attrs.frozen(kw_only=True)
class RunOutcome:
    """How a run ended; `summary` is what summary.json holds; `warnings` what the run
    logged as warnings (venues without data, windows cut, orders expired)."""

    run_id: str
    status: str
    summary: dict[str, Any]
    error: str | None = None
    warnings: tuple[str, ...] = ()


def describe(error: BaseException) -> str:
    """A one-line message for a person: the error's own text, its type when it has none."""
    text = str(error).strip()
    return text if text else type(error).__name__


class BacktestJob:
    """Runs the backtest use case and writes its outputs; failures end in a FAILED summary."""

    def __init__(
        self,
        run_backtest: BacktestUseCase,
        writer: RunWriter,
        elapsed: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._run_backtest = run_backtest
        self._writer = writer
        self._elapsed = elapsed

    def __call__(
        self, ticket: RunTicket, command: Any, progress: ProgressCallback | None = None
    ) -> RunOutcome:
        """Raises only when even the FAILED summary cannot be written (storage down)."""
        started = self._elapsed()
        with RunLog() as run_log:
            log.info("run %s started", ticket.run_id)
            try:
                records = self._run_backtest(command, _logged(progress))
                if records.run_id != ticket.run_id:
                    raise ValueError(f"the engine returned run {records.run_id}")
                if not records.wall_time_s:
                    records = attrs.evolve(records, wall_time_s=self._elapsed() - started)
                summary = self._writer.write(records, _closing(run_log.text, ticket, COMPLETED))
            except Exception as error:
                log.error("run %s failed: %s", ticket.run_id, describe(error), exc_info=True)
                outcome = self._fail(ticket, describe(error), run_log.text, started)
                return attrs.evolve(outcome, warnings=run_log.warnings)
        return RunOutcome(
            run_id=ticket.run_id, status=COMPLETED, summary=summary, warnings=run_log.warnings
        )

    def _fail(self, ticket: RunTicket, error: str, log_text: str, started: float) -> RunOutcome:
        summary = self._writer.write_failed(
            run_id=ticket.run_id,
            mode=ticket.mode,
            config=ticket.config,
            error=error,
            created_at=ticket.created_at,
            log_text=_closing(log_text, ticket, FAILED),
            currency=ticket.currency,
            wall_time_s=self._elapsed() - started,
        )
        return RunOutcome(run_id=ticket.run_id, status=FAILED, summary=summary, error=error)


def _logged(progress: ProgressCallback | None) -> ProgressCallback:
    """Each progress event goes to the run's log, then to the caller's callback."""

    def report(event: WindowProgress) -> None:
        log.info("window %d/%d: %r", event.windows_done, event.windows_total, event)
        if progress is not None:
            progress(event)

    return report


def _closing(log_text: str, ticket: RunTicket, status: str) -> str:
    return f"{log_text}run {ticket.run_id} {status}\n"
