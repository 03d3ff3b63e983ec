"""Runs of the nautilus engine adapter on the tiny market, for the engine tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from adapters.nautilus.engine import NautilusBacktestEngine
from domain.enums import VenueKind
from domain.risk_limits import RiskLimits
from domain.run_records import RunRecords
from domain.signal import Signal
from domain.venue import Venue
from ports.backtest_engine import BacktestSetup, TimeWindow, VenueAccount, WindowTicks
from tests.backtest import tiny_market as tm

BINANCE = tm.Listing(key=tm.BTC_BINANCE)
BYBIT = tm.Listing(key=tm.BTC_BYBIT, price=30_001.0)
HOUR = 3_600 * tm.SECOND


def a_venue(venue_id: str, key: str, taker: str = "0.0004", **balances: str) -> VenueAccount:
    venue = Venue(
        venue_id=venue_id,
        kind=VenueKind.SIMULATED,
        maker_fee=Decimal("0.0002"),
        taker_fee=Decimal(taker),
        instruments=frozenset({key}),
    )
    return VenueAccount(venue=venue, starting_balances={k: Decimal(v) for k, v in balances.items()})


def window_at(hours: float, minutes: int = 5) -> TimeWindow:
    start = tm.DAY_START_NS + int(hours * HOUR)
    return TimeWindow(start_ns=start, end_ns=start + minutes * tm.MINUTE)


class EngineRun:
    """One engine run; `seen` holds what `inspect` read of nautilus before disposal."""

    def __init__(
        self,
        signals: Sequence[Signal],
        windows: Sequence[TimeWindow],
        *,
        listings: Sequence[tm.Listing] = (BINANCE,),
        venues: Sequence[VenueAccount] | None = None,
        risk: RiskLimits | None = None,
    ) -> None:
        self.signals, self.windows, self.listings = tuple(signals), tuple(windows), listings
        self.venues = tuple(venues or (a_venue("BINANCE-FUTURES", tm.BTC_BINANCE),))
        self.risk = risk or RiskLimits()
        self.seen: dict[str, Any] = {}
        self.loaded: list[int] = []

    def setup(self) -> BacktestSetup:
        return BacktestSetup(
            run_id="BT-20240301-000000-000001",
            created_at=datetime(2024, 3, 1, tzinfo=UTC),
            config={"test": True},
            currency="USDT",
            starting_balance=Decimal(1_000_000),
            venues=self.venues,
            instruments=tm.instruments(self.listings),
            signals=self.signals,
            windows=self.windows,
            risk_limits=self.risk,
        )

    def ticks(self) -> Any:
        for index, window in enumerate(self.windows):
            self.loaded.append(index)
            start, end = window.start_ns, window.end_ns
            yield WindowTicks(
                index=index,
                window=window,
                trades={x.key: tm.trades(x, start, end, seed=index) for x in self.listings},
                books={
                    x.key: tm.books(x, start - 5 * tm.SECOND, end, seed=index)
                    for x in self.listings
                },
            )

    def __call__(self, inspect: Any = None) -> RunRecords:
        engine = NautilusBacktestEngine(inspect=inspect or self._inspect)
        records = engine.run(self.setup(), self.ticks())
        self.trade_ticks = engine.trade_ticks
        return records

    def _inspect(self, engine: Any, strategy: Any) -> None:
        from nautilus_trader.model.identifiers import Venue as NautilusVenue

        portfolio, cache = engine.portfolio, engine.cache
        self.seen["orders"] = {o.client_order_id.value: o for o in cache.orders()}
        self.seen["net"] = {str(i.id): portfolio.net_position(i.id) for i in cache.instruments()}
        self.seen["balances"] = {}
        for venue in sorted({i.id.venue.value for i in cache.instruments()}):
            account = portfolio.account(NautilusVenue(venue))
            if account is None:  # the engine never ran
                continue
            self.seen["balances"][venue] = {
                c.code: m.as_decimal() for c, m in account.balances_total().items()
            }
        self.seen["unrealized"] = {
            str(i.id): portfolio.unrealized_pnl(i.id) for i in cache.instruments()
        }
        self.seen["exposure"] = dict(strategy.exposure.open_quantity)
