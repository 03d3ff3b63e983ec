"""summary.json: exactly the keys, nesting and JSON types of CONTRACTS §2."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from application.runs.summary import build_summary, failed_summary
from domain.run_records import IoStats
from tests.results.run_builder import RUN_ID, T0, a_run

# CONTRACTS §2, key by key: float = JSON number with a fraction, int = JSON integer.
EXPECTED = {
    "run_id": str,
    "status": str,
    "mode": str,
    "created_at": str,
    "config": dict,
    "pnl": {
        "gross_pnl": float,
        "net_pnl": float,
        "total_fees": float,
        "funding_paid": float,
        "currency": str,
    },
    "metrics": {
        "sharpe_ratio": float,
        "sortino_ratio": float,
        "max_drawdown_pct": float,
        "win_rate": float,
        "profit_factor": float,
        "total_trades": int,
    },
    "execution_stats": {
        "orders": int,
        "fills": int,
        "rejected": int,
        "canceled": int,
        "fill_rate": float,
        "avg_slippage_bps": float,
        "volume": float,
        "notional": float,
        "signals": int,
        "windows_loaded": int,
        "bytes_read": int,
        "bytes_full_day": int,
        "io_reduction_pct": float,
        "wall_time_s": float,
    },
}


def assert_shape(document: dict, expected: dict, where: str = "") -> None:
    assert list(document) == list(expected), f"keys of {where or 'summary'}"
    for key, kind in expected.items():
        if isinstance(kind, dict):
            assert_shape(document[key], kind, f"{where}{key}.")
        else:
            value = document[key]
            assert type(value) is kind, f"{where}{key} is {type(value).__name__}, not {kind}"


def a_traded_run():
    return (
        a_run()
        .order("O-1")
        .order("O-2", side="SELL")
        .fill("BUY", "2", "100", fee="0.2", seconds=0, order_id="O-1")
        .fill("SELL", "1", "110", fee="0.1", seconds=60, order_id="O-2")
        .position("1", "105", seconds=120)
        .value("100000", seconds=0)
        .value("100010", seconds=60)
        .value("100004.7", seconds=120)
        .with_(
            funding_paid=Decimal("0.5"),
            io=IoStats(signals=2, windows_loaded=2, bytes_read=50, bytes_full_day=1000),
            wall_time_s=2.25,
            config={"backtest": {"dates": ["2024-01-01"]}, "risk": {"limit": Decimal("1.5")}},
        )
        .build()
    )


def test_a_completed_summary_has_exactly_the_contract_keys_and_types():
    summary = json.loads(json.dumps(build_summary(a_traded_run())))
    assert_shape(summary, EXPECTED)
    assert summary["run_id"] == RUN_ID
    assert (summary["status"], summary["mode"]) == ("COMPLETED", "backtest")
    assert summary["created_at"] == "2024-01-01T00:00:00Z"
    assert "error" not in summary


def test_the_figures_of_a_small_run():
    summary = build_summary(a_traded_run())
    assert summary["pnl"] == {
        "gross_pnl": 15.0,
        "net_pnl": 14.2,
        "total_fees": pytest.approx(0.3),
        "funding_paid": 0.5,
        "currency": "USDT",
    }
    stats = summary["execution_stats"]
    assert (stats["orders"], stats["fills"], stats["volume"], stats["notional"]) == (2, 2, 3, 310)
    assert (stats["bytes_read"], stats["io_reduction_pct"], stats["wall_time_s"]) == (50, 95, 2.25)
    assert summary["metrics"]["total_trades"] == 0  # the position is still open
    assert summary["metrics"]["max_drawdown_pct"] == pytest.approx(-5.3 / 100010 * 100)


def test_the_config_is_kept_as_plain_json():
    summary = build_summary(a_traded_run())
    assert summary["config"] == {"backtest": {"dates": ["2024-01-01"]}, "risk": {"limit": "1.5"}}


def test_a_failed_summary_has_the_same_shape_plus_the_error():
    summary = failed_summary(
        RUN_ID, "backtest", {"a": 1}, "unknown instrument X", created_at=T0, wall_time_s=0.5
    )
    summary = json.loads(json.dumps(summary))
    error = summary.pop("error")
    assert error == "unknown instrument X"
    assert summary["status"] == "FAILED"
    assert_shape(summary, EXPECTED)
    assert summary["execution_stats"]["wall_time_s"] == 0.5
    assert summary["config"] == {"a": 1}


def test_mode_and_created_at_are_checked():
    with pytest.raises(ValueError, match="mode"):
        failed_summary(RUN_ID, "replay", {}, "x", created_at=T0)
    with pytest.raises(ValueError, match="timezone"):
        failed_summary(RUN_ID, "live", {}, "x", created_at=datetime(2024, 1, 1))
    summary = failed_summary(RUN_ID, "paper", {}, "x", created_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert summary["mode"] == "paper"
