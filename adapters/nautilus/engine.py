"""The backtest engine port on NautilusTrader: one BacktestEngine run over the planned windows.

All windows go through ONE run of one engine: the windows are handed to nautilus as a
lazy data iterator (a window is read and converted only when the run reaches it), and
between two windows simulated time simply moves on with no data. So positions, balances,
resting orders and algorithm timers carry across windows exactly as they would across a
quiet market, nothing is re-initialised, and only the planned windows are ever loaded.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from nautilus_trader.backtest.engine import BacktestEngine, BacktestEngineConfig
from nautilus_trader.config import CacheConfig, LoggingConfig, StrategyConfig

from adapters.nautilus.config import NautilusBacktestConfig
from adapters.nautilus.data import window_stream
from adapters.nautilus.exec_algorithms import exec_algorithms
from adapters.nautilus.instruments import InstrumentCatalog, nautilus_venue_names
from adapters.nautilus.order_records import order_records
from adapters.nautilus.recorder import RunRecorder
from adapters.nautilus.signal_strategy import SignalStrategy, SignalStrategyWiring, sample_times
from adapters.nautilus.venues import add_simulated_venue
from domain.run_records import RunRecords
from ports.backtest_engine import BacktestSetup, WindowTicks

Inspector = Callable[[BacktestEngine, SignalStrategy], None]


class NautilusBacktestEngine:
    """Implements `BacktestEnginePort`; `inspect` sees the finished engine before disposal."""

    def __init__(
        self, config: NautilusBacktestConfig | None = None, inspect: Inspector | None = None
    ) -> None:
        self._config = config or NautilusBacktestConfig()
        self._inspect = inspect
        self.trade_ticks = 0

    def run(self, setup: BacktestSetup, windows: Iterable[WindowTicks]) -> RunRecords:
        config = self._config
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
        try:
            without_own = [a for a in setup.venues if not a.starting_balances] or [None]
            for account in setup.venues:
                add_simulated_venue(
                    engine,
                    account,
                    nautilus_venue=names[account.venue.venue_id],
                    currency=setup.currency,
                    default_balance=setup.starting_balance / len(without_own),
                    config=config,
                )
            for instrument in catalog.instruments():
                engine.add_instrument(instrument)
            strategy = SignalStrategy(
                StrategyConfig(strategy_id=config.strategy_id, order_id_tag="001"),
                _wiring(setup, catalog, names),
            )
            engine.add_strategy(strategy)
            engine.add_exec_algorithms(exec_algorithms(_plain(setup.algorithm_defaults)))
            self.trade_ticks = 0
            engine.add_data_iterator("windows", self._stream(windows, catalog))
            if setup.windows:
                with _quiet():
                    engine.run(start=setup.windows[0].start_ns, end=setup.windows[-1].end_ns)
            if self._inspect is not None:
                self._inspect(engine, strategy)
            return _records(setup, engine, strategy, catalog)
        finally:
            if engine.trader.is_running:  # a window failed to load mid-run
                with _quiet(), contextlib.suppress(Exception):
                    engine.end()
            engine.dispose()

    def _stream(self, windows: Iterable[WindowTicks], catalog: InstrumentCatalog) -> Iterator[list]:
        for ticks in windows:
            data, trades = window_stream(ticks.trades, ticks.books, catalog, ticks.window.start_ns)
            self.trade_ticks += trades
            if data:
                yield data


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence the pandas deprecation warnings nautilus raises while it runs."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*utcnow.*")
        yield


def _plain(defaults: Any) -> dict[str, dict[str, Any]]:
    return {name: dict(values) for name, values in defaults.items()}


def _wiring(
    setup: BacktestSetup, catalog: InstrumentCatalog, names: dict[str, str]
) -> SignalStrategyWiring:
    windows = [(w.start_ns, w.end_ns) for w in setup.windows]
    return SignalStrategyWiring(
        catalog=catalog,
        venues=tuple(account.venue for account in setup.venues),
        venue_names=names,
        recorder_currency=setup.currency,
        risk_limits=setup.risk_limits,
        trading_state=setup.trading_state,
        router_weights=dict(setup.router_weights),
        algorithm_defaults=_plain(setup.algorithm_defaults),
        signals=setup.signals,
        sample_times=sample_times(windows, setup.equity_interval_ns),
    )


def _records(
    setup: BacktestSetup,
    engine: BacktestEngine,
    strategy: SignalStrategy,
    catalog: InstrumentCatalog,
) -> RunRecords:
    recorder = strategy.recorder or RunRecorder(  # no window: the strategy never started
        currency=setup.currency, mark=lambda _key: None, rate=lambda _code: None
    )
    orders = order_records(engine.cache.orders(), lambda o: catalog.key_of(o.instrument_id))
    orders = sorted([*orders, *recorder.rejected], key=lambda o: (o.created_at, o.order_id))
    return RunRecords(
        run_id=setup.run_id,
        mode="backtest",
        created_at=setup.created_at,
        currency=setup.currency,
        starting_balance=_starting_balance(setup),
        config=dict(setup.config),
        orders=tuple(orders),
        fills=tuple(recorder.fills),
        positions=tuple(recorder.positions),
        equity=tuple(recorder.equity),
        expected_prices=dict(recorder.expected_prices),
    )


def _starting_balance(setup: BacktestSetup) -> Decimal:
    """The run currency's starting cash over every venue."""
    own = [a.starting_balances.get(setup.currency, Decimal(0)) for a in setup.venues]
    if any(not a.starting_balances for a in setup.venues):
        return sum(own, Decimal(0)) + setup.starting_balance
    return sum(own, Decimal(0))
