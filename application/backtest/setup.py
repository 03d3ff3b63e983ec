"""The configuration of a backtest as the engine port takes it, checked first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from application.backtest.errors import InvalidBacktestConfig
from application.routing.decisions import RouterWeights
from domain.instrument import Instrument
from domain.risk_limits import RiskLimits
from domain.venue import Venue
from ports.backtest_engine import VenueAccount

SECOND_NS = 1_000_000_000


def config_problems(settings: Any, dates: Sequence[date]) -> list[str]:
    """Everything that keeps `settings` from driving a backtest over `dates`."""
    problems = []
    if not dates:
        problems.append("dates: at least one day is needed")
    if not settings.venues:
        problems.append("venues: at least one venue is needed to simulate")
    backtest = settings.backtest
    if backtest.window_seconds <= 0:
        problems.append(f"backtest.window_seconds: {backtest.window_seconds} must be positive")
    if backtest.max_window_seconds <= 0:
        problems.append(
            f"backtest.max_window_seconds: {backtest.max_window_seconds} must be positive"
        )
    if not backtest.currency:
        problems.append("backtest.currency: must name the run's currency, e.g. USDT")
    unfunded = [v.venue_id for v in settings.venues if not v.starting_balances]
    if unfunded and not backtest.starting_balance > 0:
        problems.append(
            "backtest.starting_balance: must be positive to fund " + ", ".join(unfunded)
        )
    for n, venue in enumerate(settings.venues):
        for currency, amount in venue.starting_balances.items():
            if amount < 0:
                problems.append(f"venues[{n}].starting_balances.{currency}: {amount} < 0")
    return problems


def check_config(settings: Any, dates: Sequence[date]) -> None:
    problems = config_problems(settings, dates)
    if problems:
        raise InvalidBacktestConfig(problems)


def _fields_of(cls: type, source: Any) -> dict[str, Any]:
    """The attributes of `source` named like the fields of attrs class `cls`."""
    return {f.name: getattr(source, f.name) for f in attrs.fields(cls) if hasattr(source, f.name)}


def risk_limits(settings: Any) -> RiskLimits:
    return RiskLimits(**_fields_of(RiskLimits, settings.risk))


def router_weights(settings: Any) -> dict[str, Decimal]:
    return _fields_of(RouterWeights, settings.router)


def venue_accounts(settings: Any, listings: Iterable[Instrument]) -> tuple[VenueAccount, ...]:
    """One account per configured venue; a venue naming no instruments trades all it lists."""
    listed: dict[str, set[str]] = {}
    for listing in listings:
        listed.setdefault(listing.venue, set()).add(str(listing.key))
    accounts = []
    for venue_settings in settings.venues:
        fields = _fields_of(Venue, venue_settings)
        fields["instruments"] = frozenset(
            venue_settings.instruments or listed.get(venue_settings.venue_id, ())
        )
        accounts.append(
            VenueAccount(
                venue=Venue(**fields), starting_balances=dict(venue_settings.starting_balances)
            )
        )
    return tuple(accounts)
