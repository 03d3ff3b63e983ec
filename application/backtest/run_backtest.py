"""Use case: a signal-driven backtest over some days, through the storage and engine ports."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import attrs

from application.backtest.errors import EmptyWindow, MissingTickData, UnknownInstrument
from application.backtest.setup import check_config, risk_limits, router_weights, venue_accounts
from application.backtest.windows import RunWindow, day_start_ns, iso, plan_run
from domain.instrument import Instrument
from domain.run_records import IoStats, RunRecords
from domain.signal import Signal
from ports.backtest_engine import BacktestEnginePort, BacktestSetup, WindowTicks
from ports.clock import Clock
from ports.instrument_source import InstrumentSource
from ports.object_store import ObjectStore, Table
from ports.signal_source import SignalSource
from ports.storage_errors import StorageError
from ports.tick_windows import TickWindows

if TYPE_CHECKING:
    from bootstrap.settings.schema import Settings

TRADES, BOOKS = "trades", "book_snapshot_5"
SECOND_NS = 1_000_000_000


@attrs.frozen(kw_only=True)
class BacktestCommand:
    """Run `settings` over `dates` as run `run_id`; `config` is the JSON echoed in the outputs."""

    run_id: str
    settings: Settings
    dates: tuple[date, ...] = attrs.field(converter=tuple)
    created_at: datetime | None = None
    config: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class ProgressEvent:
    """A listing's data of run window `window_index` (0-based) of `window_total` was loaded."""

    window_index: int
    window_total: int
    instrument_key: str
    day: date
    start_ns: int
    end_ns: int
    bytes_read: int

    @property
    def windows_done(self) -> int:
        return self.window_index + 1

    @property
    def windows_total(self) -> int:
        return self.window_total


Progress = Callable[[ProgressEvent], None]


class RunBacktest:
    """Loads instruments and signals, plans windows, streams only those into the engine.

    `book_lookback_ns`: book snapshots are read from that long before a window so it opens
    on the book as it stood (the last snapshot before the window).
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
        self._book_lookback_ns = book_lookback_ns

    def __call__(self, command: BacktestCommand, progress: Progress | None = None) -> RunRecords:
        started_ns = self._clock.now_ns()
        settings = command.settings
        days = sorted(set(command.dates))
        check_config(settings, days)
        listings, signals = self._inputs(days, settings.backtest.strategies)
        accounts = venue_accounts(
            settings, [i for by_key in listings.values() for i in by_key.values()]
        )
        venues = [account.venue for account in accounts]
        _check_instruments(signals, listings, venues)
        windows = plan_run(signals, venues, settings.backtest.window_seconds * SECOND_NS)
        setup = BacktestSetup(
            run_id=command.run_id,
            created_at=command.created_at or self._clock.now(),
            config=dict(command.config) if command.config is not None else _config(command),
            currency=settings.backtest.currency,
            starting_balance=settings.backtest.starting_balance,
            venues=accounts,
            instruments=tuple(i for day in days for i in listings[day].values()),
            signals=tuple(signals),
            windows=tuple(w.window for w in windows),
            risk_limits=risk_limits(settings),
            trading_state=settings.risk.trading_state,
            router_weights=router_weights(settings),
            algorithm_defaults=settings.algorithms,
        )
        before = self._store.counters
        records = self._engine.run(setup, self._stream(windows, progress))
        spent = self._store.counters
        full_day = sum(
            self._ticks.full_day_bytes(day, [s for w in windows for s in w.spans if s.day == day])
            for day in days
        )
        io = IoStats(
            signals=len(signals),
            windows_loaded=sum(len(w.spans) for w in windows),
            bytes_read=spent.bytes_read - before.bytes_read,
            bytes_full_day=full_day,
            requests=spent.read_requests - before.read_requests,
        )
        wall_time_s = (self._clock.now_ns() - started_ns) / SECOND_NS
        return attrs.evolve(records, io=io, wall_time_s=wall_time_s)

    def _inputs(
        self, days: Sequence[date], strategies: Sequence[str]
    ) -> tuple[dict[date, dict[str, Instrument]], list[Signal]]:
        listings, signals = {}, []
        for day in days:
            listings[day] = {str(i.key): i for i in self._instruments.read(day)}
            signals += [
                s
                for s in self._signals.signals_for(day)
                if not strategies or s.strategy_id in strategies
            ]
        return listings, sorted(signals, key=lambda s: (s.ts_event, s.signal_id))

    def _stream(self, windows: list[RunWindow], progress: Progress | None) -> Iterator[WindowTicks]:
        total = len(windows)
        for index, run_window in enumerate(windows):
            trades: dict[str, Table] = {}
            books: dict[str, Table] = {}
            for key, (day, start, end, signalled) in _by_listing(run_window).items():
                trades[key] = self._read(day, TRADES, key, (start, end))
                since = max(day_start_ns(day), start - self._book_lookback_ns)
                books[key] = self._read(day, BOOKS, key, (since, end))
                if signalled and trades[key].num_rows == 0 and not _rows_from(books[key], start):
                    raise EmptyWindow(key, iso(start), iso(end))
                if progress is not None:
                    progress(
                        ProgressEvent(
                            window_index=index,
                            window_total=total,
                            instrument_key=key,
                            day=day,
                            start_ns=start,
                            end_ns=end,
                            bytes_read=self._store.counters.bytes_read,
                        )
                    )
            yield WindowTicks(index=index, window=run_window.window, trades=trades, books=books)

    def _read(self, day: date, data_type: str, key: str, span: tuple[int, int]) -> Table:
        try:
            return self._ticks.read(day, data_type, key, span)
        except StorageError as error:
            raise MissingTickData(key, data_type, day.isoformat(), str(error)) from error


def _by_listing(run_window: RunWindow) -> dict[str, tuple[date, int, int, bool]]:
    """One read per listing of a run window: the union of its spans there."""
    found: dict[str, tuple[date, int, int, bool]] = {}
    for span in run_window.spans:
        day, start, end, signalled = found.get(
            span.instrument_key, (span.day, span.start_ns, span.end_ns, False)
        )
        found[span.instrument_key] = (
            day,
            min(start, span.start_ns),
            max(end, span.end_ns),
            signalled or span.signalled,
        )
    return found


def _rows_from(table: Table, start_ns: int) -> bool:
    return any(ts >= start_ns for ts in table.column("ts_event").to_pylist())


def _check_instruments(
    signals: Sequence[Signal], listings: Mapping[date, Mapping[str, Instrument]], venues: Sequence
) -> None:
    """Every signal names an instrument listed that day and traded by a configured venue."""
    from application.backtest.windows import day_of

    for signal in signals:
        day = day_of(signal.ts_event)
        listed = listings.get(day, {})
        if signal.instrument_key not in listed:
            raise UnknownInstrument(
                signal.instrument_key, signal.signal_id, f"not in the instruments file of {day}"
            )
        if not any(v.lists(signal.instrument_key) for v in venues):
            raise UnknownInstrument(
                signal.instrument_key, signal.signal_id, "no configured venue trades it"
            )


def _config(command: BacktestCommand) -> dict[str, Any]:
    settings = attrs.asdict(command.settings)
    settings["backtest"]["dates"] = [day.isoformat() for day in sorted(set(command.dates))]
    return settings
