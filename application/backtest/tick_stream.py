"""Reads a run's windows of tick data, one run window at a time, as the engine asks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from application.backtest.command import Progress, ProgressEvent
from application.backtest.errors import EmptyWindow, MissingTickData
from application.backtest.windows import HasDay, RunWindow, day_start_ns, iso
from ports.backtest_engine import BOOK_COLUMNS, TRADE_COLUMNS, WindowTicks
from ports.object_store import ObjectStore, Table
from ports.storage_errors import StorageError
from ports.tick_windows import TickWindows

TRADES, BOOKS = "trades", "book_snapshot_5"


class TickStream:
    """Trades of each listing inside its span; books from `book_lookback_ns` before it.

    Only the columns the engine simulates with are read (`TRADE_COLUMNS`, `BOOK_COLUMNS`).
    A span past midnight reads the next day's files too; the book lookback reaches into
    the previous day's file when that day has data (`has_day`).

    A listing a signal names must have a trade or a book snapshot in its span, else the
    window is empty and the run fails (`EmptyWindow`): on liquid perpetuals five quiet
    minutes mean missing data, not a quiet market. A listing only loaded for routing may
    be quiet. A missing or unreadable file fails the run (`MissingTickData`).
    """

    def __init__(self, ticks: TickWindows, store: ObjectStore, book_lookback_ns: int) -> None:
        self._ticks, self._store, self._lookback = ticks, store, book_lookback_ns

    def __call__(
        self,
        windows: Sequence[RunWindow],
        progress: Progress | None = None,
        has_day: HasDay = lambda _day, _key: False,
    ) -> Iterator[WindowTicks]:
        before = self._store.counters.bytes_read
        for index, run_window in enumerate(windows):
            trades: dict[str, Table] = {}
            books: dict[str, Table] = {}
            for key, (day, start, end, signalled) in _by_listing(run_window).items():
                trades[key] = self._read(day, TRADES, key, (start, end), TRADE_COLUMNS)
                since, book_day = start - self._lookback, day
                if since < day_start_ns(day):
                    previous = day - timedelta(days=1)
                    book_day = previous if has_day(previous, key) else day
                    since = max(since, day_start_ns(book_day))
                books[key] = self._read(book_day, BOOKS, key, (since, end), BOOK_COLUMNS)
                if signalled and trades[key].num_rows == 0 and not _rows_from(books[key], start):
                    raise EmptyWindow(key, iso(start), iso(end))
                if progress is not None:
                    progress(
                        ProgressEvent(
                            window_index=index,
                            window_total=len(windows),
                            instrument_key=key,
                            day=day,
                            start_ns=start,
                            end_ns=end,
                            bytes_read=self._store.counters.bytes_read - before,
                        )
                    )
            yield WindowTicks(index=index, window=run_window.window, trades=trades, books=books)

    def _read(
        self,
        day: date,
        data_type: str,
        key: str,
        span: tuple[int, int],
        columns: Sequence[str],
    ) -> Table:
        try:
            return self._ticks.read(day, data_type, key, span, columns)
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
