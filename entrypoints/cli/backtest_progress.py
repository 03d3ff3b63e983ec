"""A rich progress bar over the windows of a backtest, fed by the engine's progress events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from application.backtest.job import WindowProgress


@contextmanager
def window_progress(
    console: Console | None = None,
) -> Iterator[Callable[[WindowProgress], None]]:
    """Yields the callback to hand to the run; the bar lives on stderr."""
    bar = Progress(
        TextColumn("windows"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
    )
    task = bar.add_task("windows", total=None)

    def advance(event: WindowProgress) -> None:
        bar.update(task, completed=event.windows_done, total=event.windows_total or None)

    with bar:
        yield advance
