"""A backtest planned before it runs: its inputs checked, its windows, the engine's setup."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

import attrs

from application.backtest.command import BacktestCommand
from application.backtest.errors import MissingTickData, SignalsNotExecuted, UnknownInstrument
from application.backtest.setup import check_config, risk_limits, router_weights, venue_accounts
from application.backtest.signal_life import signal_lives
from application.backtest.venue_data import venues_without_data
from application.backtest.windows import (
    HasDay,
    InstrumentSpan,
    RunWindow,
    day_of,
    days_of,
    plan_run,
)
from application.signals.windows import target_changes
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
    has_day: HasDay = lambda _day, _key: True
    venues_without_data: Mapping[str, list[tuple[date, str]]] = attrs.field(factory=dict)

    def reads(self) -> dict[date, list[InstrumentSpan]]:
        """The spans whose data comes from each day's files (a span past midnight twice)."""
        found: dict[date, list[InstrumentSpan]] = {}
        for window in self.windows:
            for span in window.spans:
                for day in days_of(span):
                    found.setdefault(day, []).append(span)
        return found


def plan_backtest(
    command: BacktestCommand,
    *,
    instruments: InstrumentSource,
    signals: SignalSource,
    now: datetime,
    has_day: HasDay = lambda _day, _key: True,
) -> RunPlan:
    """Check the config, read the days' instruments and signals, plan the windows.

    `has_day`: whether a day holds a listing's tick files (a window running past
    midnight reads on only where the next day does). A signal whose data is missing
    fails the plan with its id (`SignalsNotExecuted`).
    """
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
    without_data = venues_without_data(venues, listings, has_day)
    window_ns = settings.backtest.window_seconds * SECOND_NS
    lives = signal_lives(
        found,
        window_ns=window_ns,
        max_ns=settings.backtest.max_window_seconds * SECOND_NS,
        algorithm_defaults=settings.algorithms,
    )

    windows = plan_run(found, venues, window_ns, lives=lives, has_day=has_day)
    _check_covered(found, windows, has_day)
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
    return RunPlan(
        setup=setup,
        windows=tuple(windows),
        days=days,
        has_day=has_day,
        venues_without_data=without_data,
    )


def _check_covered(
    signals: Sequence[Signal], windows: Sequence[RunWindow], has_day: HasDay
) -> None:
    """Every signal that moves a target falls inside a loaded span of its instrument whose
    days all have tick files."""
    spans = [s for w in windows for s in w.spans if s.signalled]
    missing = {
        (day, s.instrument_key)
        for s in spans
        for day in days_of(s)
        if not has_day(day, s.instrument_key)
    }
    outside = []
    for signal in target_changes(signals):
        covering = [
            s
            for s in spans
            if s.instrument_key == signal.instrument_key
            and s.start_ns <= signal.ts_event < s.end_ns
        ]
        if not covering or any(
            (day, s.instrument_key) in missing for s in covering for day in days_of(s)
        ):
            outside.append(signal)
    without_files = [s for s in outside if (day_of(s.ts_event), s.instrument_key) in missing]
    if without_files:
        first = without_files[0]
        raise MissingTickData(
            first.instrument_key,
            "trades",
            day_of(first.ts_event).isoformat(),
            "no tick files for that day",
            [s.signal_id for s in without_files],
        )
    if outside:
        raise SignalsNotExecuted([s.signal_id for s in outside], "no tick data window covers them")


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
