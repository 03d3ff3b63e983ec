"""`odum backtest --config FILE [--date YYYY-MM-DD ...] [--run-id ID]`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from application.settings.schema import Settings
from bootstrap.backtest_launch import BacktestServices

# Exit codes: the run failed (a FAILED summary was written, or nothing could be) / bad input.
RUN_FAILED, BAD_INPUT = 1, 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "backtest", help="run a signal-driven backtest and store its results"
    )
    parser.add_argument("--config", type=Path, required=True, help="JSON configuration file")
    parser.add_argument(
        "--date",
        dest="dates",
        action="append",
        type=_day,
        default=[],
        metavar="YYYY-MM-DD",
        help="a UTC day to run (repeatable); default: backtest.dates of the config",
    )
    parser.add_argument("--run-id", help="BT-YYYYMMDD-HHMMSS-xxxxxx (default: a new one)")
    parser.set_defaults(handler=run_backtest_command)


def services_for(settings: Settings) -> BacktestServices:
    """The backtest profile's container, built from `settings` (replaced in tests)."""
    from bootstrap.backtest_launch import backtest_services
    from bootstrap.build import build_container

    return backtest_services(build_container("backtest", settings))


def run_backtest_command(args: argparse.Namespace) -> int:
    from rich.console import Console

    from bootstrap.backtest_launch import LaunchError, new_ticket, resolve_dates
    from bootstrap.settings.loader import ConfigError, load_settings
    from entrypoints.cli.backtest_progress import window_progress
    from entrypoints.cli.backtest_report import print_report

    try:
        settings = load_settings(args.config)
        dates = resolve_dates(settings, args.dates)
        ticket = new_ticket(settings, dates, args.run_id)
    except ConfigError as error:
        return _fail(str(error), BAD_INPUT)
    except LaunchError as error:
        lines = "\n".join(f"  - {problem}" for problem in error.problems)
        return _fail(f"invalid request:\n{lines}", BAD_INPUT)
    try:
        services = services_for(settings)
        command = services.make_command(settings, dates, ticket)
    except Exception as error:  # no engine, no store: say what, not where in the code
        return _fail(f"cannot start the backtest: {type(error).__name__}: {error}", RUN_FAILED)
    print(f"run {ticket.run_id}: {', '.join(d.isoformat() for d in dates)}", file=sys.stderr)
    try:
        with window_progress() as progress:
            outcome = services.job()(ticket, command, progress)
    except Exception as error:
        return _fail(f"run {ticket.run_id}: results could not be stored: {error}", RUN_FAILED)
    locations = services.reader().stored_locations(ticket.run_id)
    print_report(Console(), outcome.summary, locations, outcome.warnings)
    if outcome.error is not None:
        return _fail(f"run {ticket.run_id} failed: {outcome.error}", RUN_FAILED)
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _fail(message: str, code: int) -> int:
    print(f"odum backtest: error: {message}", file=sys.stderr)
    return code
