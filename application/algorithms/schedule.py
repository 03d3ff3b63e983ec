"""`schedule_for`: the one way to start an algorithm run for a parent order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from application.algorithms.iceberg import IcebergScheduler
from application.algorithms.param_parsing import parse_params
from application.algorithms.params import (
    AlgorithmParams,
    IcebergParams,
    NormalParams,
    TwapParams,
    VwapParams,
)
from application.algorithms.runner import AlgorithmRun, ReleasePlan
from application.algorithms.slicing import ChildSlice
from application.algorithms.timed_plan import TimedPlan
from application.algorithms.twap import TwapSchedule
from application.algorithms.vwap import VwapSchedule
from domain.enums import ExecAlgorithm, OrderSide

_PARAMS_OF: dict[ExecAlgorithm, type] = {
    ExecAlgorithm.NORMAL: NormalParams,
    ExecAlgorithm.TWAP: TwapParams,
    ExecAlgorithm.VWAP: VwapParams,
    ExecAlgorithm.ICEBERG: IcebergParams,
}


def schedule_for(
    algorithm: ExecAlgorithm,
    quantity: Decimal,
    side: OrderSide,
    start_ns: int,
    params: Mapping[str, Any] | AlgorithmParams,
    lot_size: Decimal,
    volume_history: Iterable[tuple[int, Decimal]] | None = None,
    *,
    min_size: Decimal | None = None,
) -> AlgorithmRun:
    """The run for one parent order; `params` raw (`exec_algorithm_params`) or parsed.

    NORMAL is one child of the whole quantity due at `start_ns`. `volume_history`
    ((ts_ns, volume) observations) is read by VWAP only, and only before `start_ns`.
    `min_size` defaults to one lot. Raises `InvalidAlgorithmParams` naming the bad field.
    """
    if not quantity.is_finite() or quantity <= 0:
        raise ValueError(f"parent quantity must be positive, not {quantity}")
    parsed = parse_params(algorithm, params) if isinstance(params, Mapping) else params
    expected = _PARAMS_OF[algorithm]
    if not isinstance(parsed, expected):
        raise TypeError(f"{algorithm} takes {expected.__name__}, not {type(parsed).__name__}")
    plan: ReleasePlan
    if isinstance(parsed, TwapParams):
        twap = TwapSchedule.build(
            quantity=quantity,
            start_ns=start_ns,
            params=parsed,
            lot_size=lot_size,
            min_size=min_size,
        )
        plan = TimedPlan(twap.slices)
    elif isinstance(parsed, VwapParams):
        vwap = VwapSchedule.build(
            quantity=quantity,
            start_ns=start_ns,
            params=parsed,
            lot_size=lot_size,
            volume_history=volume_history,
            min_size=min_size,
        )
        plan = TimedPlan(vwap.slices)
    elif isinstance(parsed, IcebergParams):
        plan = IcebergScheduler(
            quantity=quantity,
            params=parsed,
            start_ns=start_ns,
            lot_size=lot_size,
            min_size=min_size,
        )
    else:
        plan = TimedPlan([ChildSlice(sequence=0, due_ns=start_ns, quantity=quantity)])
    return AlgorithmRun(algorithm=algorithm, side=side, quantity=quantity, plan=plan)
