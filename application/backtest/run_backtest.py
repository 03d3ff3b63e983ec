"""Use case: a signal-driven backtest over some days, through the storage and engine ports."""

from __future__ import annotations

import attrs

from application.backtest.command import BacktestCommand, Progress, ProgressEvent
from application.backtest.run_plan import RunPlan, plan_backtest
from application.backtest.tick_stream import TickStream
from domain.run_records import IoStats, RunRecords
from ports.backtest_engine import BacktestEnginePort
from ports.clock import Clock
from ports.instrument_source import InstrumentSource
from ports.object_store import ObjectStore
from ports.signal_source import SignalSource
from ports.tick_windows import FundingRate, TickWindows

__all__ = ["BacktestCommand", "ProgressEvent", "RunBacktest"]

SECOND_NS = 1_000_000_000


class RunBacktest:
    """Plans the windows the signals need, streams only those into the engine, counts the I/O.

    `book_lookback_ns`: book snapshots are read from that long before each window, so a
    window opens on the book as it stood (the last snapshot before it).
    """

    def __init__(
        self,
        *,
        store: ObjectStore,
        engine: BacktestEnginePort,
        clock: Clock,
        instruments: InstrumentSource,
        signals: SignalSource,
        ticks: TickWindows,
        book_lookback_ns: int = 60 * SECOND_NS,
    ) -> None:
        self._store, self._engine, self._clock = store, engine, clock
        self._instruments, self._signals, self._ticks = instruments, signals, ticks
        self._stream = TickStream(ticks, store, book_lookback_ns)

    def plan(self, command: BacktestCommand) -> RunPlan:
        """Checked inputs, the windows to read and the engine's setup (nothing simulated)."""
        plan = plan_backtest(
            command,
            instruments=self._instruments,
            signals=self._signals,
            now=self._clock.now(),
            has_day=self._ticks.has_day,
        )
        return attrs.evolve(plan, setup=attrs.evolve(plan.setup, funding=self._funding(plan)))

    def _funding(self, plan: RunPlan) -> tuple[FundingRate, ...]:
        """Funding settlements of the listings the run loads, inside the simulated span."""
        if not plan.windows:
            return ()
        start, end = plan.windows[0].window.start_ns, plan.windows[-1].window.end_ns
        keys = sorted({s.instrument_key for w in plan.windows for s in w.spans})
        found = [
            rate
            for day in plan.days
            for key in keys
            for rate in self._ticks.funding_rates(day, key)
            if start <= rate.ts_event < end
        ]
        return tuple(sorted(found, key=lambda r: (r.ts_event, r.instrument_key)))

    def __call__(self, command: BacktestCommand, progress: Progress | None = None) -> RunRecords:
        started_ns = self._clock.now_ns()
        plan = self.plan(command)
        before = self._store.counters
        records = self._engine.run(plan.setup, self._stream(plan.windows, progress, plan.has_day))
        spent = self._store.counters
        io = IoStats(
            signals=len(plan.setup.signals),
            windows_loaded=sum(len({s.instrument_key for s in w.spans}) for w in plan.windows),
            bytes_read=spent.bytes_read - before.bytes_read,
            bytes_full_day=self._full_day_bytes(plan),
            requests=spent.read_requests - before.read_requests,
        )
        wall_time_s = (self._clock.now_ns() - started_ns) / SECOND_NS
        return attrs.evolve(records, io=io, wall_time_s=wall_time_s)

    def _full_day_bytes(self, plan: RunPlan) -> int:
        """Bytes of the whole-day files of every listing the run read."""
        return sum(self._ticks.full_day_bytes(day, spans) for day, spans in plan.reads().items())
