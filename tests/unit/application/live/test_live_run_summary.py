"""The live run's summary.json says FAILED, naming what, over state not yet stored."""

from __future__ import annotations

from adapters.memory.object_store import MemoryObjectStore
from application.oms.order_tracking import UNSETTLED_TOPIC
from bootstrap.live_run import live_run_recorder
from ports.object_store import DataFormat, StorageTarget
from tests.unit.application.desk import a_desk


async def _summary(unsettled: dict[str, int]) -> dict[str, object]:
    desk = await a_desk()
    store = MemoryObjectStore()
    recorder = live_run_recorder(desk.settings(), desk.core.positions(), desk.infra.clock(), store)
    desk.infra.publisher().subscribe(recorder.observe)
    desk.infra.publisher().publish(UNSETTLED_TOPIC, unsettled)
    recorder.finish()
    path = f"backtest_results/{recorder.run_id}/summary.json"
    summary: dict[str, object] = store.download(StorageTarget.EXECUTION, path, DataFormat.JSON)
    return summary


async def test_a_run_with_every_fact_stored_is_completed() -> None:
    summary = await _summary({"unrecorded_fills": 0, "unmatched_events": 0})
    assert summary["status"] == "COMPLETED"


async def test_a_run_ending_with_unrecorded_fills_is_not_completed() -> None:
    summary = await _summary({"unrecorded_fills": 3, "unmatched_events": 0})
    assert summary["status"] == "FAILED"
    assert "unrecorded_fills 3" in str(summary["error"])
