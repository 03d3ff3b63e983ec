"""A sweep's runs and what became of each: one backtest per (day, instrument, parameters)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs


@attrs.frozen(kw_only=True)
class SweepRun:
    """One point of a sweep: its run id, day, instrument, axis values and the exact config."""

    index: int
    run_id: str
    day: date
    instrument: str | None
    parameters: Mapping[str, Any]
    config: Mapping[str, Any]


@attrs.frozen(kw_only=True)
class SweepRunResult:
    """A finished run: `summary` is its summary.json (None when none could be written)."""

    run_id: str
    status: str  # COMPLETED | FAILED
    summary: Mapping[str, Any] | None = None
    error: str | None = None
    attempts: int = 1
    resumed: bool = False  # found complete in the store, not run again


@attrs.frozen(kw_only=True)
class SweepResultRow:
    """One row of results.parquet."""

    run: SweepRun
    result: SweepRunResult

    def metric(self, name: str) -> float:
        return float(metric_of(self.result.summary or {}, name))


def metric_of(summary: Mapping[str, Any], name: str) -> float:
    """A run's figure by sweep metric name, read from its summary.json (0 when absent)."""
    pnl, metrics = summary.get("pnl", {}), summary.get("metrics", {})
    stats = summary.get("execution_stats", {})
    figures = {
        "net_pnl": pnl.get("net_pnl"),
        "gross_pnl": pnl.get("gross_pnl"),
        "sharpe": metrics.get("sharpe_ratio"),
        "sortino": metrics.get("sortino_ratio"),
        "max_drawdown": metrics.get("max_drawdown_pct"),
        "fills": stats.get("fills"),
        "io_reduction": stats.get("io_reduction_pct"),
        "wall_time": stats.get("wall_time_s"),
    }
    value = figures.get(name)
    return float(value) if isinstance(value, int | float) else 0.0
