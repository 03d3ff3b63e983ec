"""summary.json of CONTRACTS §2, for completed and failed runs; numbers become JSON numbers."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from application.runs.execution_stats import ExecutionStats, execution_stats
from application.runs.metrics import RunMetrics, run_metrics
from application.runs.pnl import RunPnl, run_pnl
from domain.run_records import RunRecords

COMPLETED = "COMPLETED"
FAILED = "FAILED"
MODES = ("backtest", "live", "paper")


def number(value: Decimal | float) -> float:
    """A finite JSON number (floats only here, at the edge of the file)."""
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"{value} cannot be written as a JSON number")
    return result


def plain_json(document: Any) -> Any:
    """`document` with Decimals as strings and datetimes as ISO-8601, ready for any encoder."""
    return json.loads(json.dumps(document, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def timestamp(moment: datetime) -> str:
    """ISO-8601 UTC to the second with a `Z`, as in `2023-12-23T11:04:16Z`."""
    if moment.tzinfo is None:
        raise ValueError("summary timestamps must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_summary(records: RunRecords) -> dict[str, Any]:
    """The summary of a completed run: PnL, metrics and execution statistics."""
    pnl = run_pnl(records.fills, records.positions, records.funding_paid)
    return _summary(
        run_id=records.run_id,
        status=COMPLETED,
        mode=records.mode,
        created_at=records.created_at,
        config=records.config,
        pnl=_pnl_block(pnl, records.currency),
        metrics=_metrics_block(run_metrics(records)),
        stats=_stats_block(execution_stats(records)),
    )


def failed_summary(
    run_id: str,
    mode: str,
    config: dict[str, Any],
    error: str,
    *,
    created_at: datetime,
    currency: str = "USDT",
    wall_time_s: float = 0.0,
) -> dict[str, Any]:
    """The summary of a run that did not complete: same shape, zero figures, and `error`."""
    empty = RunRecords(
        run_id=run_id,
        mode=mode,
        created_at=created_at,
        currency=currency,
        starting_balance=Decimal(0),
        config=config,
        wall_time_s=wall_time_s,
    )
    summary = build_summary(empty)
    summary["status"] = FAILED
    summary["error"] = error or "the run failed without a message"
    return summary


def _summary(
    *,
    run_id: str,
    status: str,
    mode: str,
    created_at: datetime,
    config: dict[str, Any],
    pnl: dict[str, Any],
    metrics: dict[str, Any],
    stats: dict[str, Any],
) -> dict[str, Any]:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    return {
        "run_id": run_id,
        "status": status,
        "mode": mode,
        "created_at": timestamp(created_at),
        "config": plain_json(config),
        "pnl": pnl,
        "metrics": metrics,
        "execution_stats": stats,
    }


def _pnl_block(pnl: RunPnl, currency: str) -> dict[str, Any]:
    return {
        "gross_pnl": number(pnl.gross_pnl),
        "net_pnl": number(pnl.net_pnl),
        "total_fees": number(pnl.total_fees),
        "funding_paid": number(pnl.funding_paid),
        "currency": currency,
    }


def _metrics_block(metrics: RunMetrics) -> dict[str, Any]:
    return {
        "sharpe_ratio": number(metrics.sharpe_ratio),
        "sortino_ratio": number(metrics.sortino_ratio),
        "max_drawdown_pct": number(metrics.max_drawdown_pct),
        "win_rate": number(metrics.trades.win_rate),
        "profit_factor": number(metrics.trades.profit_factor),
        "total_trades": metrics.trades.total_trades,
    }


def _stats_block(stats: ExecutionStats) -> dict[str, Any]:
    return {
        "orders": stats.orders,
        "fills": stats.fills,
        "rejected": stats.rejected,
        "canceled": stats.canceled,
        "fill_rate": number(stats.fill_rate),
        "avg_slippage_bps": number(stats.avg_slippage_bps),
        "volume": number(stats.volume),
        "notional": number(stats.notional),
        "signals": stats.signals,
        "windows_loaded": stats.windows_loaded,
        "bytes_read": stats.bytes_read,
        "bytes_full_day": stats.bytes_full_day,
        "io_reduction_pct": number(stats.io_reduction_pct),
        "wall_time_s": number(stats.wall_time_s),
    }
