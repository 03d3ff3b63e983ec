"""Backtest engine port: execute a run's signals over the planned tick-data windows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

import attrs

from domain.enums import TradingState
from domain.instrument import Instrument
from domain.risk_limits import RiskLimits
from domain.run_records import RunRecords
from domain.signal import Signal
from domain.venue import Venue
from ports.object_store import Table
from ports.tick_windows import FundingRate

MINUTE_NS = 60 * 1_000_000_000
# The columns of CONTRACTS §2 tick files an engine simulates with; windows read only these.
TRADE_COLUMNS = ("ts_event", "price", "size", "aggressor_side")
BOOK_COLUMNS = (
    "ts_event",
    *tuple(
        f"{side}_{what}_{level}"
        for side in ("bid", "ask")
        for what in ("price", "size")
        for level in range(5)
    ),
)


@attrs.frozen(kw_only=True)
class VenueAccount:
    """A simulated venue: how the router sees it and the balances its account starts with."""

    venue: Venue
    starting_balances: Mapping[str, Decimal] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class TimeWindow:
    """A span `[start_ns, end_ns)` of simulated time whose tick data is loaded."""

    start_ns: int
    end_ns: int


@attrs.frozen(kw_only=True)
class BacktestSetup:
    """Everything a run needs before its first window: venues, instruments, rules, signals.

    `instruments` are the listings of the run's days (a later day's listing of a key
    replaces an earlier one). `signals` are sorted by `ts_event`; `windows` are the planned
    windows, in time order and disjoint. Equity is sampled every `equity_interval_ns`
    inside each window and at its end. Venues without starting balances of their own share
    `starting_balance` (in `currency`) equally. `funding`: the perpetuals' funding
    settlements over the run (in time order), paid on the positions held then.
    """

    run_id: str
    created_at: datetime
    config: Mapping[str, Any]
    currency: str
    starting_balance: Decimal
    venues: tuple[VenueAccount, ...]
    instruments: tuple[Instrument, ...]
    signals: tuple[Signal, ...]
    windows: tuple[TimeWindow, ...]
    risk_limits: RiskLimits = RiskLimits()
    trading_state: TradingState = TradingState.ACTIVE
    router_weights: Mapping[str, Decimal] = attrs.field(factory=dict)
    algorithm_defaults: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    equity_interval_ns: int = MINUTE_NS
    funding: tuple[FundingRate, ...] = ()


@attrs.frozen(kw_only=True)
class WindowTicks:
    """One planned window's tick data, per instrument key: CONTRACTS trades and book
    snapshot rows with at least `TRADE_COLUMNS` and `BOOK_COLUMNS`.

    `books` may hold rows from before `start_ns`: the last of them is the book the window
    opens on.
    """

    index: int
    window: TimeWindow
    trades: Mapping[str, Table] = attrs.field(factory=dict)
    books: Mapping[str, Table] = attrs.field(factory=dict)


class BacktestEnginePort(Protocol):
    """Simulates the venues over the windows, in order, with state carried between them."""

    def run(self, setup: BacktestSetup, windows: Iterable[WindowTicks]) -> RunRecords:
        """Records of the run; `windows` is consumed lazily, one window at a time."""
        ...
