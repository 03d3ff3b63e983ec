"""Plans which tick windows a day of signals needs: only signals that move a target position."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from application.signals.target_move import changes_target
from domain.ids import SignalId
from domain.signal import Signal

DEFAULT_WINDOW_NS = 5 * 60 * 1_000_000_000

PositionKey = tuple[str, str]  # (strategy_id, instrument_key)


@attrs.frozen(kw_only=True)
class LoadWindow:
    """Ticks of one instrument to load, `[start_ns, end_ns)`, and the signals that need them."""

    instrument_key: str
    start_ns: int
    end_ns: int
    signal_ids: tuple[SignalId, ...]

    @property
    def duration_ns(self) -> int:
        return self.end_ns - self.start_ns


def target_changes(
    signals: Iterable[Signal], initial_targets: Mapping[PositionKey, Decimal] | None = None
) -> list[Signal]:
    """The signals, in time order, whose target differs from their (strategy, instrument)'s last."""
    targets: dict[PositionKey, Decimal] = dict(initial_targets or {})
    changes = []
    for signal in sorted(signals, key=lambda s: s.ts_event):
        key = (signal.strategy_id, signal.instrument_key)
        if changes_target(targets.get(key, Decimal(0)), signal):
            changes.append(signal)
        targets[key] = signal.target_quantity
    return changes


def plan_windows(
    signals: Iterable[Signal],
    window_ns: int = DEFAULT_WINDOW_NS,
    initial_targets: Mapping[PositionKey, Decimal] | None = None,
    lives: Mapping[SignalId, int] | None = None,
) -> list[LoadWindow]:
    """`[ts, ts + window)` per target change (`ts + lives[signal_id]` for a signal whose
    orders live longer); overlapping or touching windows of an instrument merge. Sorted by
    instrument, then start."""
    if window_ns <= 0:
        raise ValueError(f"window must be positive, got {window_ns} ns")
    by_instrument: dict[str, list[LoadWindow]] = {}
    for signal in target_changes(signals, initial_targets):
        windows = by_instrument.setdefault(signal.instrument_key, [])
        start = signal.ts_event
        end = start + max(window_ns, (lives or {}).get(signal.signal_id, window_ns))
        if windows and start <= windows[-1].end_ns:
            last = windows[-1]
            windows[-1] = attrs.evolve(
                last, end_ns=max(last.end_ns, end), signal_ids=(*last.signal_ids, signal.signal_id)
            )
        else:
            windows.append(
                LoadWindow(
                    instrument_key=signal.instrument_key,
                    start_ns=start,
                    end_ns=end,
                    signal_ids=(signal.signal_id,),
                )
            )
    return [window for key in sorted(by_instrument) for window in by_instrument[key]]
