"""A backtest planned before it runs: its inputs checked, its windows, the engine's setup."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

import attrs

from application.backtest.command import BacktestCommand
from application.backtest.errors import UnknownInstrument
from application.backtest.setup import check_config, risk_limits, router_weights, venue_accounts
from application.backtest.windows import RunWindow, day_of, plan_run
from domain.instrument import Instrument
from domain.signal import Signal
from domain.venue import Venue
from ports.backtest_engine import BacktestSetup
from ports.instrument_source import InstrumentSource
from ports.signal_source import SignalSource

SECOND_NS = 1_000_000_000


@attrs.frozen(kw_only=True)
class RunPlan:
    """The engine's setup and the run windows whose tick data will be read."""

    setup: BacktestSetup
    windows: tuple[RunWindow, ...]
    days: tuple[date, ...]


def plan_backtest(
    command: BacktestCommand,
    *,
    instruments: InstrumentSource,
    signals: SignalSource,
    now: datetime,
) -> RunPlan:
    """Check the config, read the days' instruments and signals, plan the windows."""
    settings = command.settings
    days = tuple(sorted(set(command.dates)))
    check_config(settings, days)
    listings: dict[date, dict[str, Instrument]] = {}
    found: list[Signal] = []
    for day in days:
        listings[day] = {str(i.key): i for i in instruments.read(day)}
        strategies, keys = settings.backtest.strategies, settings.backtest.instruments
        found += [
            s
            for s in signals.signals_for(day)
            if (not strategies or s.strategy_id in strategies)
            and (not keys or s.instrument_key in keys)
        ]
    found.sort(key=lambda s: (s.ts_event, s.signal_id))
    accounts = venue_accounts(settings, [i for day in days for i in listings[day].values()])
    venues = [account.venue for account in accounts]
    _check_instruments(found, listings, venues)
    windows = plan_run(found, venues, settings.backtest.window_seconds * SECOND_NS)
    setup = BacktestSetup(
        run_id=command.run_id,
        created_at=command.created_at or now,
        config=command.effective_config(),
        currency=settings.backtest.currency,
        starting_balance=settings.backtest.starting_balance,
        venues=accounts,
        instruments=tuple(i for day in days for i in listings[day].values()),
        signals=tuple(found),
        windows=tuple(w.window for w in windows),
        risk_limits=risk_limits(settings),
        trading_state=settings.risk.trading_state,
        router_weights=router_weights(settings),
        algorithm_defaults=settings.algorithms,
    )
    return RunPlan(setup=setup, windows=tuple(windows), days=days)


def _check_instruments(
    signals: Sequence[Signal],
    listings: Mapping[date, Mapping[str, Instrument]],
    venues: Sequence[Venue],
) -> None:
    """Every signal names an instrument listed that day and traded by a configured venue."""
    for signal in signals:
        day = day_of(signal.ts_event)
        if signal.instrument_key not in listings.get(day, {}):
            raise UnknownInstrument(
                signal.instrument_key, signal.signal_id, f"not in the instruments file of {day}"
            )
        if not any(v.lists(signal.instrument_key) for v in venues):
            raise UnknownInstrument(
                signal.instrument_key, signal.signal_id, "no configured venue trades it"
            )
