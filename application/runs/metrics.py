"""Performance metrics of a run from its equity curve and its closed round trips.

Sampling: the equity curve is resampled to a fixed interval (one minute by default): the
value of period k is the last sample at or before `t0 + k * interval` (the last period
ends at or after the final sample, so every sample counts). Period returns are simple
returns `r_k = V_k / V_(k-1) - 1` (a period starting at a non-positive value is skipped).
Annualisation multiplies by `sqrt(periods per year)` with a 365-day year (crypto trades
every day): 525,600 one-minute periods. The risk-free rate is 0.

Minimum sample: a run's Sharpe and Sortino are reported as 0 (and the log says why) when
its curve gives fewer than `MIN_RETURNS` period returns (30 one-minute returns: half an
hour). Annualising a few minutes multiplies noise by sqrt(525,600) ~ 725 and gives
ratios in the thousands that mean nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from decimal import Decimal
from itertools import pairwise

import attrs

from application.runs.round_trips import TradeStats, closed_round_trips, trade_stats
from domain.run_records import EquitySample, RunRecords

ZERO = Decimal(0)
NS_PER_SECOND = 1_000_000_000
SECONDS_PER_YEAR = 365 * 24 * 3600
DEFAULT_INTERVAL_NS = 60 * NS_PER_SECOND
MIN_RETURNS = 30

log = logging.getLogger(__name__)


@attrs.frozen(kw_only=True)
class RunMetrics:
    """The `metrics` block of summary.json."""

    sharpe_ratio: Decimal
    sortino_ratio: Decimal
    max_drawdown_pct: Decimal
    trades: TradeStats


def resample(equity: Sequence[EquitySample], interval_ns: int) -> list[Decimal]:
    """Portfolio value at `t0, t0 + interval, ...` up to the first grid point >= the last ts."""
    if interval_ns <= 0:
        raise ValueError("interval_ns must be positive")
    samples = sorted(equity, key=lambda s: s.ts_event)
    if not samples:
        return []
    start, end = samples[0].ts_event, samples[-1].ts_event
    periods = -(-(end - start) // interval_ns)  # ceiling
    values, index = [], 0
    for k in range(periods + 1):
        grid = start + k * interval_ns
        while index + 1 < len(samples) and samples[index + 1].ts_event <= grid:
            index += 1
        values.append(samples[index].portfolio_value)
    return values


def period_returns(values: Sequence[Decimal]) -> list[Decimal]:
    return [now / before - 1 for before, now in pairwise(values) if before > 0]


def periods_per_year(interval_ns: int) -> Decimal:
    return Decimal(SECONDS_PER_YEAR * NS_PER_SECOND) / interval_ns


def sharpe_ratio(equity: Sequence[EquitySample], interval_ns: int = DEFAULT_INTERVAL_NS) -> Decimal:
    """`mean(r) / stdev(r) * sqrt(P)`, stdev with n - 1; 0 with < 2 returns or no variance."""
    returns = period_returns(resample(equity, interval_ns))
    if len(returns) < 2:
        return ZERO
    mean = sum(returns, ZERO) / len(returns)
    variance = sum(((r - mean) ** 2 for r in returns), ZERO) / (len(returns) - 1)
    if variance == 0:
        return ZERO
    return mean / variance.sqrt() * periods_per_year(interval_ns).sqrt()


def sortino_ratio(
    equity: Sequence[EquitySample], interval_ns: int = DEFAULT_INTERVAL_NS
) -> Decimal:
    """`mean(r) / DD * sqrt(P)`, `DD = sqrt(sum(min(r, 0)^2) / n)` (target 0).

    0 with fewer than 2 returns or no negative return (undefined).
    """
    returns = period_returns(resample(equity, interval_ns))
    if len(returns) < 2:
        return ZERO
    downside = sum((min(r, ZERO) ** 2 for r in returns), ZERO) / len(returns)
    if downside == 0:
        return ZERO
    mean = sum(returns, ZERO) / len(returns)
    return mean / downside.sqrt() * periods_per_year(interval_ns).sqrt()


def max_drawdown_pct(equity: Sequence[EquitySample]) -> Decimal:
    """The deepest `(V / running peak - 1) * 100` over the samples in time order; <= 0."""
    deepest, peak = ZERO, None
    for sample in sorted(equity, key=lambda s: s.ts_event):
        value = sample.portfolio_value
        peak = value if peak is None else max(peak, value)
        if peak > 0:
            deepest = min(deepest, (value / peak - 1) * 100)
    return deepest


def enough_returns(
    equity: Sequence[EquitySample],
    interval_ns: int = DEFAULT_INTERVAL_NS,
    min_returns: int = MIN_RETURNS,
) -> bool:
    """Whether the curve gives at least `min_returns` period returns (logs why not)."""
    count = len(period_returns(resample(equity, interval_ns)))
    if count >= min_returns:
        return True
    log.info(
        "sharpe_ratio and sortino_ratio reported as 0: %d period returns of %d s, fewer "
        "than the %d needed for a meaningful annualised ratio",
        count,
        interval_ns // NS_PER_SECOND,
        min_returns,
    )
    return False


def run_metrics(
    records: RunRecords,
    interval_ns: int = DEFAULT_INTERVAL_NS,
    min_returns: int = MIN_RETURNS,
) -> RunMetrics:
    """The summary's metrics; ratios are 0 below `min_returns` period returns."""
    enough = enough_returns(records.equity, interval_ns, min_returns)
    return RunMetrics(
        sharpe_ratio=sharpe_ratio(records.equity, interval_ns) if enough else ZERO,
        sortino_ratio=sortino_ratio(records.equity, interval_ns) if enough else ZERO,
        max_drawdown_pct=max_drawdown_pct(records.equity),
        trades=trade_stats(closed_round_trips(records.fills)),
    )
