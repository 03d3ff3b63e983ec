"""The live service's start and stop sequence: reconcile, pump, record; then the reverse."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from application.live.run_records import LiveRunRecorder
from application.oms.event_pump import VenueEventPump
from application.reconciliation.startup import StartupReconciliation

log = logging.getLogger(__name__)
Subscribe = Callable[[Callable[[str, object], None]], None]


class LiveSession:
    """What the service does around serving requests.

    Start: the run recorder (when recording) subscribes to events, reconciliation meets
    stored orders with their venues before any event is pumped, then the pump starts.
    Stop: the pump stops, then the run's summary.json is written last. A results store
    that cannot be built or written never stops trading: the state is in the database.
    """

    def __init__(
        self,
        *,
        reconciliation: StartupReconciliation,
        pump: VenueEventPump,
        subscribe: Subscribe,
        recorder: Callable[[], LiveRunRecorder] | None,
    ) -> None:
        self._reconciliation, self._pump, self._subscribe = reconciliation, pump, subscribe
        self._make_recorder = recorder
        self._recorder: LiveRunRecorder | None = None
        self._refresher: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._recorder = self._built_recorder()
        if self._recorder is not None:
            self._subscribe(self._recorder.observe)
            self._refresher = asyncio.create_task(self._recorder.run(), name="live-run-refresh")
        await self._reconciliation.run()
        await self._pump.start()

    async def stop(self) -> None:
        await self._pump.stop()
        recorder, refresher = self._recorder, self._refresher
        if refresher is not None:
            refresher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await refresher
        if recorder is None:
            return
        try:
            await asyncio.to_thread(recorder.finish)  # summary.json last
        except Exception:
            log.exception("live run %s: final results could not be written", recorder.run_id)

    def _built_recorder(self) -> LiveRunRecorder | None:
        if self._make_recorder is None:
            return None
        try:
            return self._make_recorder()
        except Exception:
            log.exception("live run outputs disabled: the results store could not be built")
            return None
