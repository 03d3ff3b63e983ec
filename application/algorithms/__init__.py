"""Execution algorithms (NORMAL, TWAP, VWAP, Iceberg) as pure, clock-driven child schedulers."""

from application.algorithms.iceberg import IcebergScheduler
from application.algorithms.param_parsing import parse_params
from application.algorithms.params import (
    AlgorithmParams,
    IcebergParams,
    InvalidAlgorithmParams,
    NormalParams,
    TwapParams,
    VwapParams,
)
from application.algorithms.placement import algorithm_allocation
from application.algorithms.runner import AlgorithmRun, InvalidChildEvent, ReleasePlan, RunState
from application.algorithms.schedule import schedule_for
from application.algorithms.slicing import ChildSlice, plan_slices, split_quantity
from application.algorithms.timed_plan import TimedPlan
from application.algorithms.twap import TwapSchedule
from application.algorithms.vwap import ProfileSource, VwapSchedule, profile_from_history

__all__ = [
    "AlgorithmParams",
    "AlgorithmRun",
    "ChildSlice",
    "IcebergParams",
    "IcebergScheduler",
    "InvalidAlgorithmParams",
    "InvalidChildEvent",
    "NormalParams",
    "ProfileSource",
    "ReleasePlan",
    "RunState",
    "TimedPlan",
    "TwapParams",
    "TwapSchedule",
    "VwapParams",
    "VwapSchedule",
    "algorithm_allocation",
    "parse_params",
    "plan_slices",
    "profile_from_history",
    "schedule_for",
    "split_quantity",
]
