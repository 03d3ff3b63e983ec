"""What a run loads: the planner's windows, widened to every venue listing the instrument.

The router compares the books of every venue listing a signal's instrument, so each
planned window is also loaded for those listings. A window that runs past midnight is
read from both days' files; it is cut at midnight only when the next day has no data for
that listing (`has_day`), and the cut is logged. Overlapping or touching spans of
different instruments are grouped into run windows, which the engine simulates in time
order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

import attrs

from application.signals.windows import plan_windows
from domain.ids import SignalId
from domain.signal import Signal
from domain.venue import Venue
from ports.backtest_engine import TimeWindow

DAY_NS = 86_400 * 1_000_000_000

log = logging.getLogger(__name__)

HasDay = Callable[[date, str], bool]


def day_of(ts_ns: int) -> date:
    return datetime.fromtimestamp(ts_ns // 1_000_000_000, tz=UTC).date()


def day_start_ns(day: date) -> int:
    return int(datetime.combine(day, datetime.min.time(), tzinfo=UTC).timestamp()) * 1_000_000_000


def iso(ts_ns: int) -> str:
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=ts_ns // 1_000)
    return moment.isoformat()


@attrs.frozen(kw_only=True)
class InstrumentSpan:
    """`[start_ns, end_ns)` of one listing from `day` on (into later days' files when it runs
    past midnight); `signalled` if a signal names it."""

    day: date
    instrument_key: str
    start_ns: int
    end_ns: int
    signalled: bool


@attrs.frozen(kw_only=True)
class RunWindow:
    """A span of simulated time and the listings loaded inside it."""

    window: TimeWindow
    spans: tuple[InstrumentSpan, ...]


def listings_of(instrument_key: str, venues: Sequence[Venue]) -> list[str]:
    """The instrument itself and its fungible listings on the configured venues."""
    found = {instrument_key}
    found.update(v.listing_for(instrument_key) for v in venues if v.lists(instrument_key))
    return sorted(key for key in found if key)


def plan_run(
    signals: Sequence[Signal],
    venues: Sequence[Venue],
    window_ns: int,
    *,
    lives: Mapping[SignalId, int] | None = None,
    has_day: HasDay = lambda _day, _key: True,
) -> list[RunWindow]:
    """Run windows in time order for signals of any number of days (targets carry over).

    `lives`: how long each signal's window must be (default `window_ns`); `has_day`:
    whether a day's tick files of a listing exist (a span is cut before the first later
    day that has none; a routing-only listing without data on its first day is left out).
    """
    spans: dict[str, list[InstrumentSpan]] = {}
    for planned in plan_windows(signals, window_ns, lives=lives):
        day = day_of(planned.start_ns)
        for key in listings_of(planned.instrument_key, venues):
            spans.setdefault(key, []).append(
                InstrumentSpan(
                    day=day,
                    instrument_key=key,
                    start_ns=planned.start_ns,
                    end_ns=planned.end_ns,
                    signalled=key == planned.instrument_key,
                )
            )
    merged = [
        cut
        for key in sorted(spans)
        for span in _merge(spans[key])
        if (cut := _cut_at_missing_day(span, has_day)) is not None
    ]
    return _group(sorted(merged, key=lambda s: (s.start_ns, s.instrument_key)))


def days_of(span: InstrumentSpan) -> list[date]:
    """The days whose files the span reads, in order."""
    last = day_of(span.end_ns - 1)
    days, day = [], span.day
    while day <= last:
        days.append(day)
        day += timedelta(days=1)
    return days


def _cut_at_missing_day(span: InstrumentSpan, has_day: HasDay) -> InstrumentSpan | None:
    """The span up to its first day without data; a listing only loaded for routing is
    left out when its first day has none (a signalled one is kept: the run then fails
    naming its signals)."""
    if not span.signalled and not has_day(span.day, span.instrument_key):
        log.warning(
            "no tick data of %s on %s: the router leaves it out of %s..%s",
            span.instrument_key,
            span.day.isoformat(),
            iso(span.start_ns),
            iso(span.end_ns),
        )
        return None
    for day in days_of(span)[1:]:
        if not has_day(day, span.instrument_key):
            cut = day_start_ns(day)
            log.warning(
                "no tick data of %s on %s: its window %s..%s is cut at %s, what is still "
                "open then expires",
                span.instrument_key,
                day.isoformat(),
                iso(span.start_ns),
                iso(span.end_ns),
                iso(cut),
            )
            return attrs.evolve(span, end_ns=cut)
    return span


def _merge(spans: list[InstrumentSpan]) -> list[InstrumentSpan]:
    """Overlapping or touching spans of one listing become one, across midnight too."""
    merged: list[InstrumentSpan] = []
    for span in sorted(spans, key=lambda s: (s.start_ns, s.end_ns)):
        last = merged[-1] if merged else None
        if last is not None and span.start_ns <= last.end_ns:
            merged[-1] = attrs.evolve(
                last,
                end_ns=max(last.end_ns, span.end_ns),
                signalled=last.signalled or span.signalled,
            )
        else:
            merged.append(span)
    return merged


def _group(spans: list[InstrumentSpan]) -> list[RunWindow]:
    """Spans (sorted by start) that overlap or touch in time share one run window."""
    windows: list[RunWindow] = []
    for span in spans:
        if windows and span.start_ns <= windows[-1].window.end_ns:
            last = windows[-1]
            window = TimeWindow(
                start_ns=last.window.start_ns, end_ns=max(last.window.end_ns, span.end_ns)
            )
            windows[-1] = RunWindow(window=window, spans=(*last.spans, span))
        else:
            window = TimeWindow(start_ns=span.start_ns, end_ns=span.end_ns)
            windows.append(RunWindow(window=window, spans=(span,)))
    return windows
