"""LiveSession: subscribe, reconcile, then pump; on stop the pump first and summary.json last."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from application.live.session import LiveSession
from domain.enums import OrderStatus
from domain.ids import OperationId
from ports.object_store import DataFormat, StorageTarget
from tests.unit.application.desk import VENUES, a_buy, a_desk, restarted, venue


class Steps:
    """Small fakes of the session's collaborators that write what they were asked to do."""

    def __init__(self, *, finish_fails: bool = False) -> None:
        self.log: list[str] = []
        self.finish_fails = finish_fails
        self.run_id = "LIVE-test"

    async def run(self) -> None:  # the reconciliation's
        self.log.append("reconcile")

    async def start(self) -> None:
        self.log.append("pump.start")

    async def stop(self) -> None:
        self.log.append("pump.stop")

    def subscribe(self, observer: Callable[[str, object], None]) -> None:
        self.log.append("subscribe")

    def observe(self, topic: str, event: object) -> None:
        self.log.append(topic)

    def finish(self) -> dict[str, Any]:
        self.log.append("finish")
        if self.finish_fails:
            raise OSError("bucket gone")
        return {}


def a_session(steps: Steps, recorder: Callable[[], Any] | None) -> LiveSession:
    return LiveSession(
        reconciliation=steps,  # type: ignore[arg-type]
        pump=steps,  # type: ignore[arg-type]
        subscribe=steps.subscribe,
        recorder=recorder,
    )


class Recorder:
    """The recorder side of `Steps`: its refresh loop waits forever, as the real one does."""

    def __init__(self, steps: Steps) -> None:
        self.steps, self.run_id = steps, steps.run_id
        self.observe, self.finish = steps.observe, steps.finish

    async def run(self) -> None:
        await asyncio.Event().wait()


async def test_start_subscribes_reconciles_then_pumps_and_stop_writes_the_summary_last() -> None:
    steps = Steps()
    session = a_session(steps, lambda: Recorder(steps))
    await session.start()
    assert steps.log == ["subscribe", "reconcile", "pump.start"]
    await session.stop()
    assert steps.log[3:] == ["pump.stop", "finish"]


async def test_without_recording_the_session_still_reconciles_and_pumps() -> None:
    steps = Steps()
    session = a_session(steps, None)
    await session.start()
    await session.stop()
    assert steps.log == ["reconcile", "pump.start", "pump.stop"]


async def test_a_recorder_that_cannot_be_built_does_not_stop_trading() -> None:
    steps = Steps()

    def broken() -> Recorder:
        raise OSError("no credentials for the results bucket")

    session = a_session(steps, broken)
    await session.start()
    await session.stop()
    assert steps.log == ["reconcile", "pump.start", "pump.stop"]


async def test_a_summary_that_cannot_be_written_does_not_fail_the_stop() -> None:
    steps = Steps(finish_fails=True)
    session = a_session(steps, lambda: Recorder(steps))
    await session.start()
    await session.stop()
    assert steps.log[-2:] == ["pump.stop", "finish"]


async def test_a_desk_session_recovers_before_pumping_and_records_the_run() -> None:
    before = await a_desk()
    await before.core.orchestrator().execute(a_buy("rests", price="29000", venue_id=VENUES[0]))
    order = await before.core.oms().get(OperationId("rests"))
    assert order is not None
    await venue(before).trade_against(order.listing, Decimal(29000), Decimal(1))
    after = await restarted(before)
    session = after.core.live_session()
    await session.start()
    report = after.core.reconciliation().last
    assert report is not None
    assert report.fills_applied == 1  # reconciliation got the fill, not the pump's echo
    await after.core.event_pump().drain()
    await session.stop()
    recovered = await after.core.oms().get(OperationId("rests"))
    assert recovered is not None
    assert recovered.status is OrderStatus.FILLED
    assert len(after.infra.database().fills_by_order[OperationId("rests")]) == 1
    assert not venue(after).connected  # the pump disconnected the venues at stop
    store = after.infra.object_store()
    [summary_path] = [
        name for name in store.blobs.names(StorageTarget.EXECUTION, "") if "summary" in name
    ]
    summary = store.download(StorageTarget.EXECUTION, summary_path, DataFormat.JSON)
    assert summary["status"] == "COMPLETED"
