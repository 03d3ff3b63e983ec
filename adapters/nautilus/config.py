"""Configuration of the NautilusTrader backtest adapter."""

from __future__ import annotations

from decimal import Decimal

import attrs

NS_PER_SECOND = 1_000_000_000


@attrs.frozen(kw_only=True)
class NautilusBacktestConfig:
    """How the simulated venues fill and margin orders, and how the engine logs.

    `seed` drives the fill model's random draws, so two runs over the same inputs fill
    alike. Margin: NautilusTrader's leveraged model locks notional / leverage * margin_init.
    `tick_capacity` is how many trade ticks per instrument the cache keeps (the VWAP
    algorithm learns its volume profile from them).
    """

    trader_id: str = "BACKTESTER-001"
    strategy_id: str = "SIGNALS-001"
    seed: int = 42
    prob_fill_on_limit: float = 1.0
    prob_slippage: float = 0.0
    leverage: Decimal = Decimal(10)
    margin_init: Decimal = Decimal(1)
    margin_maint: Decimal = Decimal("0.5")
    tick_capacity: int = 100_000
    # The run goes on this long after the last window so the expiry cancels settle.
    settle_ns: int = NS_PER_SECOND
    log_level: str = "ERROR"
