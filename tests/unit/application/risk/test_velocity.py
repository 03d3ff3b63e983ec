"""Sliding-window order counters: events leave the window at its length, forget takes one back."""

from __future__ import annotations

from application.risk.velocity import NS_PER_SECOND, SlidingWindowCounter, VelocityTracker


def test_an_event_leaves_the_window_exactly_one_window_later() -> None:
    window = SlidingWindowCounter(NS_PER_SECOND)
    window.record(0)
    window.record(NS_PER_SECOND // 2)
    assert window.count(NS_PER_SECOND - 1) == 2
    assert window.count(NS_PER_SECOND) == 1
    assert window.count(2 * NS_PER_SECOND) == 0


def test_forget_takes_back_one_of_several_events_at_the_same_time() -> None:
    window = SlidingWindowCounter(NS_PER_SECOND)
    for at in (1, 5, 5, 9):
        window.record(at)
    window.forget(5)
    assert window.count(10) == 3
    window.forget(7)  # nothing was recorded then
    assert window.count(10) == 3


def test_forget_of_an_event_already_out_of_the_window_changes_nothing() -> None:
    window = SlidingWindowCounter(NS_PER_SECOND)
    window.record(0)
    window.record(NS_PER_SECOND + 1)
    assert window.count(NS_PER_SECOND + 1) == 1
    window.forget(0)
    assert window.count(NS_PER_SECOND + 1) == 1


def test_the_tracker_counts_globally_and_per_strategy() -> None:
    tracker = VelocityTracker()
    tracker.record("alpha", 1)
    tracker.record("beta", 2)
    second, minute = tracker.for_strategy("alpha")
    assert (second.count(3), minute.count(3)) == (1, 1)
    assert tracker.global_second.count(3) == 2
    tracker.forget("beta", 2)
    assert tracker.global_minute.count(3) == 1
    assert tracker.for_strategy("beta")[0].count(3) == 0
