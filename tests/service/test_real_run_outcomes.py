"""Runs of the real recording through the job: venues without data are said in the log and
the CLI report; signals a run could not execute are named in its FAILED summary."""

from __future__ import annotations

import io
import json

from rich.console import Console

from adapters.memory.clock import ControllableClock
from adapters.results.locations import locate_in
from bootstrap.backtest_launch import BacktestServices, new_ticket
from bootstrap.containers.backtest_infra import build_run_backtest
from entrypoints.cli.backtest_report import print_report
from ports.object_store import DataFormat, StorageTarget
from tests.backtest.real_days import (
    DAY1,
    DAY2,
    MIDNIGHT_NS,
    SECOND_NS,
    a_signal,
    real_settings,
    two_day_store,
)

RUN_ID = "BT-20240809-000000-fedcba"


def _run(store, settings):
    services = BacktestServices(
        run_backtest=build_run_backtest(store, ControllableClock()),
        store=store,
        locate=locate_in(store),
    )
    dates = [DAY1, DAY2]
    ticket = new_ticket(settings, dates, RUN_ID)
    return services.job()(ticket, services.make_command(settings, dates, ticket))


def test_venues_without_data_are_named_per_day_in_the_log_and_the_cli_report() -> None:
    store = two_day_store([a_signal(1, MIDNIGHT_NS - 60 * SECOND_NS, "0.1")])
    settings = real_settings(venues=("BINANCE-FUTURES", "BYBIT", "OKX"))
    outcome = _run(store, settings)
    assert outcome.status == "COMPLETED", outcome.error
    for venue in ("BYBIT", "OKX"):
        for day in (DAY1, DAY2):
            said = f"venue {venue} has no market data on {day.isoformat()}"
            assert any(said in warning for warning in outcome.warnings)
    assert not any("BINANCE-FUTURES has no market data" in w for w in outcome.warnings)
    log = store.download(StorageTarget.EXECUTION, f"logs/{RUN_ID}/execution.log", DataFormat.TEXT)
    assert "venue OKX has no market data on 2024-08-09" in log
    printed = io.StringIO()
    console = Console(file=printed, width=200)
    print_report(console, outcome.summary, {}, outcome.warnings)
    assert "venue BYBIT has no market data on 2024-08-08" in printed.getvalue()


def test_a_signal_the_data_cannot_cover_is_named_in_the_failed_summary() -> None:
    """Day 2's signal comes with no tick data: the run fails and says which signal."""
    signals = [
        a_signal(1, MIDNIGHT_NS - 60 * SECOND_NS, "0.1"),
        a_signal(2, MIDNIGHT_NS + 60 * SECOND_NS, "0.2"),
    ]
    store = two_day_store(signals, tick_days=(DAY1,))
    outcome = _run(store, real_settings())
    assert outcome.status == "FAILED"
    summary = json.loads(
        store.download(
            StorageTarget.EXECUTION, f"backtest_results/{RUN_ID}/summary.json", DataFormat.TEXT
        )
    )
    assert summary["status"] == "FAILED"
    assert "real-2" in summary["error"]
