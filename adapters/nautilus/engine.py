"""The backtest engine port on NautilusTrader: one BacktestEngine run over the planned windows.

All windows go through ONE run of one engine: the windows are handed to nautilus as a
lazy data iterator (a window is read and converted only when the run reaches it), and
between two windows simulated time simply moves on with no data. So positions, balances,
resting orders and algorithm timers carry across windows exactly as they would across a
quiet market, nothing is re-initialised, and only the planned windows are ever loaded.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import attrs
from nautilus_trader.backtest.engine import BacktestEngine
from nautilus_trader.config import StrategyConfig

from adapters.nautilus.config import NautilusBacktestConfig
from adapters.nautilus.exec_algorithms import exec_algorithms
from adapters.nautilus.instruments import InstrumentCatalog
from adapters.nautilus.market import (
    SimulatedMarket,
    TickFeed,
    quiet,
    run_engine,
    simulated_market,
)
from adapters.nautilus.order_records import order_records
from adapters.nautilus.recorder import RunRecorder, sample_times
from adapters.nautilus.signal_strategy import SignalStrategy, SignalStrategyWiring
from application.backtest.errors import SignalsNotExecuted
from application.signals.windows import target_changes
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
        market = simulated_market(setup, self._config)
        engine, catalog = market.engine, market.catalog
        try:
            strategy = SignalStrategy(
                StrategyConfig(strategy_id=self._config.strategy_id, order_id_tag="001"),
                _wiring(setup, catalog, market.venue_names),
            )
            engine.add_strategy(strategy)
            engine.add_exec_algorithms(exec_algorithms(_plain(setup.algorithm_defaults)))
            feed = TickFeed(catalog)
            engine.add_data_iterator("windows", feed(windows))
            if setup.windows:
                end_ns = setup.windows[-1].end_ns + self._config.settle_ns
                run_engine(engine, setup.windows[0].start_ns, end_ns)
            self.trade_ticks = feed.trade_ticks
            if self._inspect is not None:
                self._inspect(engine, strategy)
            _check_executed(setup, strategy)
            records = _records(setup, engine, strategy, catalog)
            return attrs.evolve(records, funding_paid=_funding_paid(market, strategy))
        finally:
            if engine.trader.is_running:  # a window failed to load mid-run
                with quiet(), contextlib.suppress(Exception):
                    engine.end()
            engine.dispose()


def _funding_paid(market: SimulatedMarket, strategy: SignalStrategy) -> Decimal:
    """What the positions paid in funding over the run, in the run's currency."""
    payments = [p for module in market.funding for p in module.payments]
    if strategy.recorder is None:
        return Decimal(0)
    return sum((strategy.recorder.value(p.amount, p.currency) for p in payments), Decimal(0))


def _check_executed(setup: BacktestSetup, strategy: SignalStrategy) -> None:
    """Every signal that moves a target was executed, else the run fails naming them."""
    missing = [
        s.signal_id for s in target_changes(setup.signals) if s.signal_id not in strategy.handled
    ]
    if missing:
        raise SignalsNotExecuted(missing, "the simulation never reached their time")


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
        window_ends=tuple(end for _start, end in windows),
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
    orders = order_records(
        engine.cache.orders(), lambda o: catalog.key_of(o.instrument_id), strategy.expired
    )
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
