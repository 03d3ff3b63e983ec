"""What `odum sweep` shows: a progress bar over runs, then the top runs by a metric."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from application.sweeps import SweepOutcome, SweepProgress


@contextmanager
def run_progress(console: Console | None = None) -> Iterator[Callable[[SweepProgress], None]]:
    bar = Progress(
        TextColumn("runs"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed"),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
    )
    task = bar.add_task("runs", total=None, failed=0)
    failed = 0

    def advance(event: SweepProgress) -> None:
        nonlocal failed
        failed += event.status != "COMPLETED"
        bar.update(task, completed=event.done, total=event.total, failed=failed)

    with bar:
        yield advance


def print_top(
    outcome: SweepOutcome,
    metric: str,
    count: int,
    axis_paths: Sequence[str],
    console: Console | None = None,
) -> None:
    console = console or Console()
    counts = outcome.counts()
    console.print(
        f"sweep {outcome.sweep_id} {outcome.status}: {counts['runs']} runs, "
        f"{counts['completed']} completed, {counts['failed']} failed, "
        f"{counts['resumed']} already done"
    )
    table = Table(title=f"top {count} by {metric}")
    for column in ("#", "run_id", "day", "instrument", *axis_paths, metric):
        table.add_column(column)
    for rank, row in enumerate(outcome.top(metric, count), start=1):
        values = [str(row.run.parameters.get(path, "")) for path in axis_paths]
        table.add_row(
            str(rank),
            row.run.run_id,
            row.run.day.isoformat(),
            row.run.instrument or "all",
            *values,
            f"{row.metric(metric):.6g}",
        )
    console.print(table)
    for row in outcome.rows:
        if row.result.status != "COMPLETED":
            console.print(f"FAILED {row.run.run_id}: {row.result.error}")
