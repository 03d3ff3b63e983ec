"""Where a run's objects live in the execution bucket (CONTRACTS §2 Outputs)."""

from __future__ import annotations

RESULTS_PREFIX = "backtest_results/"
SUMMARY = "summary.json"
TABLE_FILES = ("orders.parquet", "fills.parquet", "positions.parquet", "equity_curve.parquet")
RESULT_FILES = (SUMMARY, *TABLE_FILES)


def result_path(run_id: str, file_name: str) -> str:
    return f"{RESULTS_PREFIX}{run_id}/{file_name}"


def summary_path(run_id: str) -> str:
    return result_path(run_id, SUMMARY)


def config_path(run_id: str) -> str:
    return f"config/{run_id}/backtest_config.json"


def log_path(run_id: str) -> str:
    return f"logs/{run_id}/execution.log"


def run_id_of(path: str) -> str | None:
    """The run id of an object under `backtest_results/`, None for anything else."""
    if not path.startswith(RESULTS_PREFIX):
        return None
    run_id, slash, _ = path[len(RESULTS_PREFIX) :].partition("/")
    return run_id if slash and run_id else None
