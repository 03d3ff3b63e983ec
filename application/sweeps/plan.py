"""A sweep's runs: the product of days, instruments and parameter points, with stable run ids."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from application.runs.ids import new_run_id
from application.sweeps.spec import SweepSpec, apply
from domain.sweeps import SweepRun

INSTRUMENTS_PATH = "backtest.instruments"


def plan_runs(spec: SweepSpec, sweep_id: str, created_at: datetime) -> list[SweepRun]:
    """Every run of `spec`, in a fixed order; the same sweep id always gives the same run ids,
    so a resumed sweep finds the runs it already finished."""
    runs = []
    combos = itertools.product(spec.dates, spec.instruments or (None,), _parameter_points(spec))
    for index, (day, instrument, parameters) in enumerate(combos):
        values = dict(parameters)
        if instrument is not None:
            values[INSTRUMENTS_PATH] = [instrument]
        values["backtest.dates"] = [day.isoformat()]
        runs.append(
            SweepRun(
                index=index,
                run_id=run_id_for(sweep_id, created_at, index),
                day=day,
                instrument=instrument,
                parameters=dict(parameters),
                config=apply(spec.base_config, values),
            )
        )
    return runs


def _parameter_points(spec: SweepSpec) -> list[Mapping[str, Any]]:
    if spec.points:
        return list(spec.points)
    paths = [axis.path for axis in spec.axes]
    return [
        dict(zip(paths, combo, strict=True))
        for combo in itertools.product(*(axis.values for axis in spec.axes))
    ]


def run_id_for(sweep_id: str, created_at: datetime, index: int) -> str:
    """`BT-...` ids unique within the sweep (the time part counts the index in seconds) and
    across sweeps (the hex part hashes the sweep id with the index)."""
    digest = hashlib.sha256(f"{sweep_id}:{index}".encode()).hexdigest()[:6]
    return new_run_id("BT", created_at + timedelta(seconds=index), digest)
