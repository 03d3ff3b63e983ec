"""The signal-window planner: only target changes load, windows merge per instrument."""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from application.signals.windows import DEFAULT_WINDOW_NS, plan_windows, target_changes
from tests.data_plane.builders import BTC_PERP, a_signal

BTC, ETH = BTC_PERP, "BYBIT:PERPETUAL:ETH-USDT@LIN"
MIN = 60 * 10**9


def test_a_signal_that_keeps_the_target_loads_nothing() -> None:
    signals = [a_signal(1, 0, "1"), a_signal(2, 60 * MIN, "1"), a_signal(3, 120 * MIN, "-1")]
    windows = plan_windows(signals)
    assert [(w.start_ns, w.end_ns, w.signal_ids) for w in windows] == [
        (0, DEFAULT_WINDOW_NS, ("sig-1",)),
        (120 * MIN, 120 * MIN + DEFAULT_WINDOW_NS, ("sig-3",)),
    ]


def test_a_first_flat_signal_changes_nothing_but_the_same_target_elsewhere_does() -> None:
    signals = [a_signal(1, 0, "0"), a_signal(2, MIN, "2", strategy="s2"), a_signal(3, 2 * MIN, "2")]
    assert [s.signal_id for s in target_changes(signals)] == ["sig-2", "sig-3"]


def test_overlapping_windows_of_one_instrument_merge_and_others_stay_apart() -> None:
    signals = [
        a_signal(1, 0, "1"),
        a_signal(2, 3 * MIN, "-1"),
        a_signal(3, 4 * MIN, "1", key=ETH),
        a_signal(4, 30 * MIN, "0"),
    ]
    windows = plan_windows(signals, window_ns=5 * MIN)
    assert [(w.instrument_key, w.start_ns, w.end_ns, w.signal_ids) for w in windows] == [
        (BTC, 0, 8 * MIN, ("sig-1", "sig-2")),
        (BTC, 30 * MIN, 35 * MIN, ("sig-4",)),
        (ETH, 4 * MIN, 9 * MIN, ("sig-3",)),
    ]


def test_initial_targets_carry_over_from_the_previous_day() -> None:
    signals = [a_signal(1, 0, "1")]
    assert plan_windows(signals, initial_targets={("s1", BTC): Decimal("1")}) == []


signal_rows = st.lists(
    st.tuples(
        st.integers(0, 24 * 60),
        st.sampled_from(["-1", "0", "1", "2"]),
        st.sampled_from([BTC, ETH]),
        st.sampled_from(["s1", "s2"]),
    ),
    max_size=30,
)


@given(signal_rows, st.integers(1, 30))
def test_windows_cover_every_change_exactly_once_and_never_overlap(rows, minutes) -> None:
    signals = [a_signal(n, m * MIN, t, k, s) for n, (m, t, k, s) in enumerate(rows)]
    window_ns = minutes * MIN
    windows = plan_windows(signals, window_ns=window_ns)
    changes = target_changes(signals)
    covered = [sid for w in windows for sid in w.signal_ids]
    assert sorted(covered) == sorted(s.signal_id for s in changes)
    by_id = {s.signal_id: s for s in signals}
    for window in windows:
        for sid in window.signal_ids:
            signal = by_id[sid]
            assert signal.instrument_key == window.instrument_key
            assert window.start_ns <= signal.ts_event
            assert signal.ts_event + window_ns <= window.end_ns
    for first, second in itertools.pairwise(windows):
        if first.instrument_key == second.instrument_key:
            assert first.end_ns < second.start_ns


def test_a_signal_window_covers_its_algorithm_horizon_and_its_resting_limit() -> None:
    import attrs

    from application.backtest.signal_life import SETTLE_NS, signal_lives
    from domain.enums import ExecAlgorithm, OrderType

    second = 10**9
    twap = attrs.evolve(
        a_signal(1, 0, "1"),
        exec_algorithm=ExecAlgorithm.TWAP,
        exec_algorithm_params={"horizon_secs": 90, "interval_secs": 30},
    )
    limit = attrs.evolve(
        a_signal(2, 0, "1", key=ETH), order_type=OrderType.LIMIT, limit_price=Decimal(100)
    )
    same_target = a_signal(3, 100 * second, "1", key=ETH)  # cancels nothing
    next_change = a_signal(4, 400 * second, "2", key=ETH)
    last_limit = attrs.evolve(next_change, order_type=OrderType.LIMIT, limit_price=Decimal(99))
    market = a_signal(5, 500 * second, "0")
    lives = signal_lives(
        [twap, limit, same_target, last_limit, market], window_ns=60 * second, max_ns=900 * second
    )
    assert lives["sig-1"] == 90 * second + SETTLE_NS
    assert lives["sig-2"] == 400 * second  # rests until the stream's next target change
    assert lives["sig-4"] == 900 * second  # no later change: up to the maximum
    assert lives["sig-5"] == 60 * second
    capped = signal_lives([twap], window_ns=60 * second, max_ns=70 * second)
    assert capped["sig-1"] == 70 * second
    windows = plan_windows([twap], 60 * second, lives=lives)
    assert [(w.start_ns, w.end_ns) for w in windows] == [(0, 90 * second + SETTLE_NS)]
