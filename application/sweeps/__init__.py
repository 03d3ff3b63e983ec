"""Backtest sweeps: days × instruments × parameter grids, one backtest run per point."""

from application.sweeps.layout import InvalidSweepId, new_sweep_id, validate_sweep_id
from application.sweeps.plan import plan_runs, run_id_for
from application.sweeps.run_sweep import RunSweep, SweepOutcome, SweepProgress
from application.sweeps.spec import Axis, InvalidSweep, SweepSpec, parse_sweep
from application.sweeps.stored import UnknownSweep, stored_spec, stored_summary

__all__ = [
    "Axis",
    "InvalidSweep",
    "InvalidSweepId",
    "RunSweep",
    "SweepOutcome",
    "SweepProgress",
    "SweepSpec",
    "UnknownSweep",
    "new_sweep_id",
    "parse_sweep",
    "plan_runs",
    "run_id_for",
    "stored_spec",
    "stored_summary",
    "validate_sweep_id",
]
