"""Writes a run's seven objects to the execution bucket, summary.json last."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from application.runs.base_units import in_base_units
from application.runs.layout import config_path, log_path, result_path, summary_path
from application.runs.summary import build_summary, failed_summary, plain_json
from domain.run_records import RunRecords
from ports.object_store import DataFormat, ObjectStore, StorageTarget
from ports.table_encoder import TableEncoder


class RunWriter:
    """Uploads config, log, the four tables, then summary.json: a run without it is incomplete."""

    def __init__(self, store: ObjectStore, encoder: TableEncoder) -> None:
        self._store = store
        self._encoder = encoder

    def write(self, records: RunRecords, log_text: str = "") -> dict[str, Any]:
        """Writes a completed run and returns its summary (computed before anything is written)."""
        summary = build_summary(records)
        self.write_progress(records, log_text)
        self._put(summary_path(records.run_id), summary, DataFormat.JSON)
        return summary

    def write_progress(self, records: RunRecords, log_text: str = "") -> None:
        """Everything but summary.json: a live run refreshes these while it is still going."""
        run_id = records.run_id
        records = in_base_units(records)
        self._put(config_path(run_id), plain_json(records.config), DataFormat.JSON)
        self._put(log_path(run_id), log_text, DataFormat.TEXT)
        tables = (
            ("orders.parquet", self._encoder.orders(records.orders)),
            ("fills.parquet", self._encoder.fills(records.fills)),
            ("positions.parquet", self._encoder.positions(records.positions)),
            ("equity_curve.parquet", self._encoder.equity_curve(records.equity)),
        )
        for file_name, data in tables:
            self._put(result_path(run_id, file_name), data, DataFormat.BYTES)

    def write_failed(
        self,
        *,
        run_id: str,
        mode: str,
        config: dict[str, Any],
        error: str,
        created_at: datetime,
        log_text: str = "",
        currency: str = "USDT",
        wall_time_s: float = 0.0,
    ) -> dict[str, Any]:
        """Config, log and a FAILED summary.json carrying `error`; no tables."""
        summary = failed_summary(
            run_id,
            mode,
            config,
            error,
            created_at=created_at,
            currency=currency,
            wall_time_s=wall_time_s,
        )
        self._put(config_path(run_id), plain_json(config), DataFormat.JSON)
        self._put(log_path(run_id), log_text, DataFormat.TEXT)
        self._put(summary_path(run_id), summary, DataFormat.JSON)
        return summary

    def _put(self, path: str, data: Any, format: DataFormat) -> None:
        self._store.upload(StorageTarget.EXECUTION, path, data, format)
