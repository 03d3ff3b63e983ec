"""results.parquet of a sweep: one row per run, axis values in typed columns (floats only here)."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from domain.sweeps import SweepResultRow

FIXED = pa.schema(
    [
        ("run_id", pa.string()),
        ("day", pa.string()),
        ("instrument_key", pa.string()),
        ("status", pa.string()),
        ("error", pa.string()),
        ("attempts", pa.int64()),
        ("net_pnl", pa.float64()),
        ("sharpe", pa.float64()),
        ("max_drawdown", pa.float64()),
        ("fills", pa.int64()),
        ("io_reduction", pa.float64()),
        ("wall_time_s", pa.float64()),
    ]
)


class ParquetSweepTableEncoder:
    """Axis columns come first, named by their config path; a column of whole numbers is
    int64, of numbers float64, of strings string, anything else JSON text."""

    def results(self, rows: Sequence[SweepResultRow], axis_paths: Sequence[str]) -> bytes:
        columns: dict[str, pa.Array] = {}
        for path in axis_paths:
            columns[path] = _axis_column([row.run.parameters.get(path) for row in rows])
        fixed = [_fixed(row) for row in rows]
        for field in FIXED:
            columns[field.name] = pa.array([values[field.name] for values in fixed], field.type)
        sink = io.BytesIO()
        pq.write_table(pa.table(columns), sink)
        return sink.getvalue()


def _fixed(row: SweepResultRow) -> dict[str, Any]:
    result = row.result
    ok = result.summary is not None
    return {
        "run_id": row.run.run_id,
        "day": row.run.day.isoformat(),
        "instrument_key": row.run.instrument,
        "status": result.status,
        "error": result.error,
        "attempts": result.attempts,
        "net_pnl": row.metric("net_pnl") if ok else None,
        "sharpe": row.metric("sharpe") if ok else None,
        "max_drawdown": row.metric("max_drawdown") if ok else None,
        "fills": int(row.metric("fills")) if ok else None,
        "io_reduction": row.metric("io_reduction") if ok else None,
        "wall_time_s": row.metric("wall_time") if ok else None,
    }


def _axis_column(values: list[Any]) -> pa.Array:
    present = [v for v in values if v is not None]
    if present and all(type(v) is int for v in present):
        return pa.array(values, pa.int64())
    if present and all(type(v) in (int, float) for v in present):
        return pa.array([None if v is None else float(v) for v in values], pa.float64())
    if present and all(isinstance(v, str) for v in present):
        return pa.array(values, pa.string())
    return pa.array([None if v is None else json.dumps(v, sort_keys=True) for v in values])
