"""One sweep run inside a worker: build the backtest profile from the run's config and run it."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.sweeps import SweepRun, SweepRunResult


def run_sweep_point(run: SweepRun) -> SweepRunResult:
    """Runs `run` end to end, its outputs written by the run itself to the configured store.
    Never raises for a failing run: the error comes back in a FAILED result."""
    from bootstrap.backtest_launch import backtest_services, new_ticket
    from bootstrap.build import build_container
    from bootstrap.settings.loader import parse_settings

    try:
        settings = parse_settings(dict(run.config), f"sweep run {run.run_id}")
        services = backtest_services(build_container("backtest", settings))
        ticket = new_ticket(settings, [run.day], run.run_id, now=datetime.now(UTC))
        command = services.make_command(settings, [run.day], ticket)
        outcome = services.job()(ticket, command, None)
    except Exception as error:  # no store, bad config: the run fails, the sweep goes on
        return SweepRunResult(
            run_id=run.run_id, status="FAILED", error=f"{type(error).__name__}: {error}"
        )
    return SweepRunResult(
        run_id=run.run_id,
        status=outcome.status,
        summary=outcome.summary,
        error=outcome.error,
    )
