"""TWAP, VWAP and Iceberg as nautilus execution algorithms (backtest and live alike)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from nautilus_trader.model.orders import Order

from adapters.nautilus.algorithm_base import ScheduledAlgorithmConfig, ScheduledExecAlgorithm
from domain.enums import ExecAlgorithm as Algorithm


class TWAPExecAlgorithm(ScheduledExecAlgorithm):
    """Equal slices every `interval_secs` over `horizon_secs` (optional seeded jitter)."""

    algorithm = Algorithm.TWAP


class VWAPExecAlgorithm(ScheduledExecAlgorithm):
    """Slices weighted by volume: an explicit profile, else the trade ticks seen before now.

    The history is the cache's trade ticks of the instrument strictly before the primary
    arrived, never later ones; `application.algorithms.profile_from_history` keeps those
    at the same phase of earlier `profile_period_secs` (a day by default). Without such
    history the schedule is flat.
    """

    algorithm = Algorithm.VWAP

    def volume_history(self, primary: Order) -> Iterable[tuple[int, Decimal]] | None:
        now = self.clock.timestamp_ns()
        ticks = self.cache.trade_ticks(primary.instrument_id)
        return [(t.ts_event, t.size.as_decimal()) for t in reversed(ticks) if t.ts_event < now]


class IcebergExecAlgorithm(ScheduledExecAlgorithm):
    """One child of at most `visible_quantity` at a time; the next once it is filled."""

    algorithm = Algorithm.ICEBERG


ALGORITHMS: dict[Algorithm, type[ScheduledExecAlgorithm]] = {
    Algorithm.TWAP: TWAPExecAlgorithm,
    Algorithm.VWAP: VWAPExecAlgorithm,
    Algorithm.ICEBERG: IcebergExecAlgorithm,
}


def exec_algorithms(
    defaults: dict[str, dict] | None = None,
) -> list[ScheduledExecAlgorithm]:
    """One instance of each algorithm, with the configured default parameters."""
    return [
        cls(
            ScheduledAlgorithmConfig(
                exec_algorithm_id=algorithm.value,
                defaults=dict((defaults or {}).get(algorithm.value, {})),
                log_events=False,
                log_commands=False,
            )
        )
        for algorithm, cls in ALGORITHMS.items()
    ]
