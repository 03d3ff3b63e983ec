"""Run records: ids, bucket layout, writer, reader, summary, metrics, PnL and stats."""

from application.runs.base_units import in_base_units
from application.runs.execution_stats import ExecutionStats, execution_stats
from application.runs.ids import InvalidRunId, new_run_id, validate_run_id
from application.runs.reader import RunListing, RunReader
from application.runs.summary import build_summary, failed_summary
from application.runs.tables import RunTableMissing, RunTables
from application.runs.writer import RunWriter

__all__ = [
    "ExecutionStats",
    "InvalidRunId",
    "RunListing",
    "RunReader",
    "RunTableMissing",
    "RunTables",
    "RunWriter",
    "build_summary",
    "execution_stats",
    "failed_summary",
    "in_base_units",
    "new_run_id",
    "validate_run_id",
]
