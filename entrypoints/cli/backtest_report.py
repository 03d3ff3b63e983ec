"""The final report of `odum backtest`: PnL, metrics, execution, I/O and where results are."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich.columns import Columns
from rich.console import Console
from rich.table import Table

_SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("PnL", "pnl", ("gross_pnl", "net_pnl", "total_fees", "funding_paid")),
    (
        "Metrics",
        "metrics",
        (
            "sharpe_ratio",
            "sortino_ratio",
            "max_drawdown_pct",
            "win_rate",
            "profit_factor",
            "total_trades",
        ),
    ),
    (
        "Execution",
        "execution_stats",
        (
            "orders",
            "fills",
            "rejected",
            "canceled",
            "fill_rate",
            "avg_slippage_bps",
            "volume",
            "notional",
        ),
    ),
    (
        "I/O",
        "execution_stats",
        (
            "signals",
            "windows_loaded",
            "bytes_read",
            "bytes_full_day",
            "io_reduction_pct",
            "wall_time_s",
        ),
    ),
)


def _format(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".") if value else "0"


def _rows(table: Table, rows: Iterable[tuple[str, str]]) -> Table:
    for name, value in rows:
        table.add_row(name, value)
    return table


def summary_tables(summary: Mapping[str, Any]) -> list[Table]:
    """One two-column table per section of summary.json."""
    tables = []
    for title, block, keys in _SECTIONS:
        values = summary.get(block, {})
        suffix = f" ({summary['pnl']['currency']})" if block == "pnl" else ""
        table = Table(title=title + suffix, show_header=False, title_justify="left")
        tables.append(_rows(table, ((key, _format(values.get(key))) for key in keys)))
    return tables


def print_report(
    console: Console,
    summary: Mapping[str, Any],
    locations: Mapping[str, str],
    warnings: Iterable[str] = (),
) -> None:
    """Status, the summary's tables, the run's warnings (venues without data, windows cut,
    orders expired) and where the results are."""
    status = summary.get("status")
    style = "green" if status == "COMPLETED" else "red"
    console.print(f"run [bold]{summary.get('run_id')}[/bold]: [{style}]{status}[/{style}]")
    if summary.get("error"):
        console.print(f"error: {summary['error']}", style="red", soft_wrap=True, markup=False)
    else:
        console.print(Columns(summary_tables(summary)))
    warnings = list(warnings)
    if warnings:
        console.print("Warnings", style="bold yellow")
        for warning in warnings:
            console.print(f"  {warning}", soft_wrap=True, markup=False, highlight=False)
    # Locations in full on their own lines, never cut to the terminal's width.
    console.print("Results", style="bold")
    for name, location in locations.items():
        console.print(f"  {name}: {location}", soft_wrap=True, markup=False, highlight=False)
