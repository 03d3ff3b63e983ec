"""A backtest job always ends with summary.json; its log is what the run's thread logged."""

from __future__ import annotations

import logging
import threading

import attrs
import pytest

from adapters.memory.object_store import MemoryObjectStore
from adapters.results.parquet_tables import ParquetTableEncoder
from application.backtest.job import BacktestJob, RunTicket
from application.runs.writer import RunWriter
from ports.object_store import DataFormat, StorageTarget
from tests.results.run_builder import T0
from tests.service.fake_backtest import FakeCommand, FakeRunBacktest

RUN_ID = "BT-20240101-000000-123abc"
TICKET = RunTicket(run_id=RUN_ID, created_at=T0, config={"backtest": {"dates": ["2024-01-01"]}})
COMMAND = FakeCommand(run_id=RUN_ID, dates=(), config=TICKET.config)


def read(store, path, format=DataFormat.JSON):
    return store.download(StorageTarget.EXECUTION, path, format)


class Chatty(FakeRunBacktest):
    """Logs on its own thread and has a neighbour thread log at the same time."""

    def __call__(self, command, progress=None):
        logging.getLogger("engine").info("window 1 loaded")
        neighbour = threading.Thread(target=lambda: logging.getLogger("other").info("not ours"))
        neighbour.start()
        neighbour.join()
        return super().__call__(command, progress)


def job(run_backtest, store=None, elapsed=None):
    store = store or MemoryObjectStore()
    clock = iter(elapsed or [10.0, 12.5, 13.0])
    return BacktestJob(run_backtest, RunWriter(store, ParquetTableEncoder()), lambda: next(clock))


def test_the_log_holds_the_runs_own_records_and_its_end():
    store = MemoryObjectStore()
    outcome = job(Chatty(), store)(TICKET, COMMAND)
    assert outcome.status == "COMPLETED"
    log = read(store, f"logs/{RUN_ID}/execution.log", DataFormat.TEXT)
    assert "INFO engine: window 1 loaded" in log
    assert "window 3/3: FakeProgress(windows_done=3, windows_total=3)" in log
    assert "not ours" not in log
    assert log.endswith(f"run {RUN_ID} COMPLETED\n")


def test_wall_time_is_measured_when_the_engine_does_not_give_it():
    store = MemoryObjectStore()
    job(FakeRunBacktest(), store)(TICKET, COMMAND)
    summary = read(store, f"backtest_results/{RUN_ID}/summary.json")
    assert summary["execution_stats"]["wall_time_s"] == 2.5


def test_progress_events_reach_the_caller():
    seen = []
    job(FakeRunBacktest(windows=2))(TICKET, COMMAND, seen.append)
    assert [(e.windows_done, e.windows_total) for e in seen] == [(1, 2), (2, 2)]


def test_a_failure_writes_a_failed_summary_with_the_message_and_the_trace_only_in_the_log():
    store = MemoryObjectStore()
    outcome = job(FakeRunBacktest(error=KeyError("BTC")), store)(TICKET, COMMAND)
    assert (outcome.status, outcome.error) == ("FAILED", "'BTC'")
    summary = read(store, f"backtest_results/{RUN_ID}/summary.json")
    assert (summary["status"], summary["error"]) == ("FAILED", "'BTC'")
    assert summary["config"] == TICKET.config
    assert summary["execution_stats"]["wall_time_s"] == 2.5
    log = read(store, f"logs/{RUN_ID}/execution.log", DataFormat.TEXT)
    assert "Traceback" in log
    assert log.endswith(f"run {RUN_ID} FAILED\n")
    assert not store.exists(StorageTarget.EXECUTION, f"backtest_results/{RUN_ID}/orders.parquet")


def test_an_error_without_text_is_named_by_its_type():
    outcome = job(FakeRunBacktest(error=MemoryError()))(TICKET, COMMAND)
    assert outcome.error == "MemoryError"


def test_records_of_another_run_are_refused():
    class Confused(FakeRunBacktest):
        def __call__(self, command, progress=None):
            return attrs.evolve(super().__call__(command, progress), run_id="BT-1")

    outcome = job(Confused())(TICKET, COMMAND)
    assert outcome.status == "FAILED"
    assert "returned run BT-1" in outcome.error


def test_when_even_the_failed_summary_cannot_be_written_the_error_surfaces():
    class ReadOnly(MemoryObjectStore):
        def upload(self, target, path, data, format):
            raise OSError("read-only bucket")

    with pytest.raises(OSError, match="read-only"):
        job(FakeRunBacktest(), ReadOnly())(TICKET, COMMAND)
