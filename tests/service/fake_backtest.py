"""A small fake of our own RunBacktest use case: windows, progress, records or an error."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import attrs

from adapters.memory.object_store import MemoryObjectStore
from adapters.results.locations import locate_in
from application.backtest.job import RunTicket
from bootstrap.backtest_launch import BacktestServices
from domain.run_records import IoStats, RunRecords
from tests.results.run_builder import a_run


@attrs.frozen(kw_only=True)
class FakeCommand:
    run_id: str
    dates: tuple[date, ...]
    config: dict[str, Any]


@attrs.frozen(kw_only=True)
class FakeProgress:
    windows_done: int
    windows_total: int


def fake_command(settings: Any, dates: Sequence[date], ticket: RunTicket) -> FakeCommand:
    return FakeCommand(run_id=ticket.run_id, dates=tuple(dates), config=ticket.config)


class FakeRunBacktest:
    """Reports `windows` progress events, then returns a small traded run (or raises `error`).

    With `gate` set, it stops after the first window until the test opens the gate.
    """

    def __init__(self, windows: int = 3, error: Exception | None = None) -> None:
        self.windows, self.error = windows, error
        self.gate: threading.Event | None = None
        self.started = threading.Event()
        self.commands: list[FakeCommand] = []

    def __call__(
        self, command: FakeCommand, progress: Callable[[Any], None] | None = None
    ) -> RunRecords:
        self.commands.append(command)
        for done in range(1, self.windows + 1):
            if progress:
                progress(FakeProgress(windows_done=done, windows_total=self.windows))
            if done == 1:
                self.started.set()
                if self.gate is not None:
                    self.gate.wait(10)
        if self.error is not None:
            raise self.error
        run = (
            a_run()
            .order("O-1")
            .fill("BUY", "2", "100", fee="0.2", order_id="O-1")
            .position("2", "101", seconds=60)
            .value("100000")
            .value("100001.8", seconds=60)
            .build()
        )
        return attrs.evolve(
            run,
            run_id=command.run_id,
            config=command.config,
            io=IoStats(signals=2, windows_loaded=self.windows, bytes_read=10, bytes_full_day=400),
        )


def fake_services(
    run_backtest: FakeRunBacktest | None = None, store: MemoryObjectStore | None = None
) -> BacktestServices:
    store = store or MemoryObjectStore()
    return BacktestServices(
        run_backtest=run_backtest or FakeRunBacktest(),
        store=store,
        locate=locate_in(store),
        make_command=fake_command,
    )
