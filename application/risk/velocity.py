"""Sliding-window order counters for velocity limits."""

from __future__ import annotations

from collections import deque

NS_PER_SECOND = 1_000_000_000


class SlidingWindowCounter:
    """Counts events in the trailing `window_ns`; amortised O(1) per call."""

    def __init__(self, window_ns: int) -> None:
        self.window_ns = window_ns
        self._events: deque[int] = deque()

    def count(self, now_ns: int) -> int:
        horizon = now_ns - self.window_ns
        events = self._events
        while events and events[0] <= horizon:
            events.popleft()
        return len(events)

    def record(self, now_ns: int) -> None:
        self._events.append(now_ns)

    def forget(self, at_ns: int) -> None:
        """Take back one event recorded at `at_ns` (nothing if it already left the window)."""
        events = self._events
        for index in range(len(events) - 1, -1, -1):  # the newest first: it is recent
            if events[index] == at_ns:
                del events[index]
                return
            if events[index] < at_ns:
                return


class VelocityTracker:
    """Per-second and per-minute windows, globally and per strategy."""

    def __init__(self) -> None:
        self.global_second = SlidingWindowCounter(NS_PER_SECOND)
        self.global_minute = SlidingWindowCounter(60 * NS_PER_SECOND)
        self._strategy: dict[str, tuple[SlidingWindowCounter, SlidingWindowCounter]] = {}

    def for_strategy(self, strategy_id: str) -> tuple[SlidingWindowCounter, SlidingWindowCounter]:
        windows = self._strategy.get(strategy_id)
        if windows is None:
            windows = (
                SlidingWindowCounter(NS_PER_SECOND),
                SlidingWindowCounter(60 * NS_PER_SECOND),
            )
            self._strategy[strategy_id] = windows
        return windows

    def _windows(self, strategy_id: str) -> tuple[SlidingWindowCounter, ...]:
        return (self.global_second, self.global_minute, *self.for_strategy(strategy_id))

    def record(self, strategy_id: str, now_ns: int) -> None:
        for window in self._windows(strategy_id):
            window.record(now_ns)

    def forget(self, strategy_id: str, at_ns: int) -> None:
        for window in self._windows(strategy_id):
            window.forget(at_ns)
