"""Reading runs back: complete only with summary.json; listing, summaries and locations."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest

from adapters.results.parquet_tables import ParquetTableEncoder
from application.runs.reader import INCOMPLETE, RunReader
from application.runs.writer import RunWriter
from ports.object_store import DataFormat, StorageTarget
from tests.results.fake_store import RecordingStore
from tests.results.run_builder import T0, a_run

OLD, NEW, BROKEN = (
    "BT-20240101-000000-aaaaaa",
    "BT-20240102-000000-bbbbbb",
    "BT-20240103-000000-cccccc",
)


def a_store_with_three_runs() -> RecordingStore:
    store = RecordingStore()
    writer = RunWriter(store, ParquetTableEncoder())
    writer.write(attrs.evolve(a_run().build(), run_id=OLD))
    writer.write_failed(run_id=NEW, mode="backtest", config={}, error="bad", created_at=T0)
    store.fail_on.add("summary.json")
    with pytest.raises(OSError, match="write refused"):
        writer.write(attrs.evolve(a_run().build(), run_id=BROKEN))
    store.upload(StorageTarget.EXECUTION, "backtest_results/README", b"x", DataFormat.BYTES)
    return store


def test_lists_every_run_newest_first_and_only_summaries_make_them_complete():
    reader = RunReader(a_store_with_three_runs())
    listed = [(r.run_id, r.status) for r in reader.list_runs()]
    assert listed == [(BROKEN, INCOMPLETE), (NEW, "FAILED"), (OLD, "COMPLETED")]
    broken = reader.listing(BROKEN)
    assert broken.created_at == datetime(2024, 1, 3, tzinfo=UTC)


def test_a_run_without_summary_has_none_and_is_not_complete():
    reader = RunReader(a_store_with_three_runs())
    assert reader.summary(BROKEN) is None
    assert not reader.is_complete(BROKEN)
    assert reader.summary("BT-20990101-000000-000000") is None
    assert reader.summary(OLD)["status"] == "COMPLETED"


def test_locations_name_the_five_files_then_config_and_log():
    reader = RunReader(RecordingStore(), lambda target, path: f"gs://bucket-{target.value}/{path}")
    assert reader.locations(OLD) == {
        "summary.json": f"gs://bucket-execution/backtest_results/{OLD}/summary.json",
        "orders.parquet": f"gs://bucket-execution/backtest_results/{OLD}/orders.parquet",
        "fills.parquet": f"gs://bucket-execution/backtest_results/{OLD}/fills.parquet",
        "positions.parquet": f"gs://bucket-execution/backtest_results/{OLD}/positions.parquet",
        "equity_curve.parquet": (
            f"gs://bucket-execution/backtest_results/{OLD}/equity_curve.parquet"
        ),
        "backtest_config.json": f"gs://bucket-execution/config/{OLD}/backtest_config.json",
        "execution.log": f"gs://bucket-execution/logs/{OLD}/execution.log",
    }
