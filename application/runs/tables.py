"""Reads a run's four result tables back from the execution bucket as rows."""

from __future__ import annotations

from typing import Any

from application.runs.layout import TABLE_FILES, result_path
from ports.object_store import DataFormat, ObjectStore, StorageTarget

TABLES = {name.removesuffix(".parquet").removesuffix("_curve"): name for name in TABLE_FILES}


class RunTableMissing(Exception):
    """The run has no such table (unknown run, a failed run, or still being written)."""

    def __init__(self, run_id: str, table: str) -> None:
        self.run_id, self.table = run_id, table
        super().__init__(f"run {run_id} has no {TABLES.get(table, table)} (yet)")


class RunTables:
    """`rows(run_id, "equity" | "orders" | "fills" | "positions")`: the stored table's rows."""

    def __init__(self, store: ObjectStore) -> None:
        self._store = store

    def rows(self, run_id: str, table: str) -> list[dict[str, Any]]:
        if table not in TABLES:
            raise ValueError(f"table: {table!r} is not one of {', '.join(sorted(TABLES))}")
        path = result_path(run_id, TABLES[table])
        if not self._store.exists(StorageTarget.EXECUTION, path):
            raise RunTableMissing(run_id, table)
        return self._store.download(StorageTarget.EXECUTION, path, DataFormat.PARQUET).to_pylist()
