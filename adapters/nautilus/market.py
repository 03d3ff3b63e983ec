"""A BacktestEngine holding a run's simulated venues and instruments, and the tick feed."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterable, Iterator
from typing import Any

import attrs
from nautilus_trader.backtest.engine import BacktestEngine, BacktestEngineConfig
from nautilus_trader.config import CacheConfig, LoggingConfig

from adapters.nautilus.config import NautilusBacktestConfig
from adapters.nautilus.data import window_stream
from adapters.nautilus.funding import FundingSettlements
from adapters.nautilus.instruments import InstrumentCatalog, nautilus_venue_names
from adapters.nautilus.venues import add_simulated_venue
from ports.backtest_engine import BacktestSetup, WindowTicks


@attrs.frozen(kw_only=True)
class SimulatedMarket:
    """The engine, the instruments it simulates, and each canonical venue's nautilus name."""

    engine: BacktestEngine
    catalog: InstrumentCatalog
    venue_names: dict[str, str]
    funding: tuple[FundingSettlements, ...] = ()


def simulated_market(setup: BacktestSetup, config: NautilusBacktestConfig) -> SimulatedMarket:
    """One simulated exchange per configured venue and every instrument they list."""
    venues = tuple(account.venue for account in setup.venues)
    catalog = InstrumentCatalog.build(setup.instruments, venues, config)
    names = nautilus_venue_names([v.venue_id for v in venues])
    engine = BacktestEngine(
        BacktestEngineConfig(
            trader_id=config.trader_id,
            logging=LoggingConfig(log_level=config.log_level),
            cache=CacheConfig(tick_capacity=config.tick_capacity),
        )
    )
    without_own = [a for a in setup.venues if not a.starting_balances] or [None]
    funding = []
    for account in setup.venues:
        name = names[account.venue.venue_id]
        settlements = FundingSettlements(
            [
                (catalog.instrument(rate.instrument_key).id, rate)
                for rate in setup.funding
                if rate.instrument_key in catalog
                and catalog.instrument(rate.instrument_key).id.venue.value == name
            ]
        )
        funding.append(settlements)
        add_simulated_venue(
            engine,
            account,
            nautilus_venue=name,
            modules=[settlements],
            currency=setup.currency,
            default_balance=setup.starting_balance / len(without_own),
            config=config,
        )
    for instrument in catalog.instruments():
        engine.add_instrument(instrument)
    return SimulatedMarket(
        engine=engine, catalog=catalog, venue_names=names, funding=tuple(funding)
    )


class TickFeed:
    """Windows of tick tables as nautilus data, converted only when the engine reaches them."""

    def __init__(self, catalog: InstrumentCatalog) -> None:
        self._catalog = catalog
        self.trade_ticks = 0

    def __call__(self, windows: Iterable[WindowTicks]) -> Iterator[list[Any]]:
        for ticks in windows:
            data, trades = window_stream(
                ticks.trades, ticks.books, self._catalog, ticks.window.start_ns
            )
            self.trade_ticks += trades
            if data:
                yield data


def run_engine(engine: BacktestEngine, start_ns: int, end_ns: int) -> None:
    with quiet():
        engine.run(start=start_ns, end=end_ns)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence the pandas deprecation warnings nautilus raises while it runs."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*utcnow.*")
        yield
