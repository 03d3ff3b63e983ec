"""TWAP and VWAP schedules: when each child is due and how much it carries."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from application.algorithms import (
    ProfileSource,
    TwapParams,
    TwapSchedule,
    VwapParams,
    VwapSchedule,
    profile_from_history,
)
from tests.unit.application.algorithms.strategies import lot_sizes, quantities

D = Decimal
S = 1_000_000_000
DAY = 86_400 * S
LOT = D("0.001")
START = 1_700_000_000 * S


def test_twap_sends_six_equal_children_ten_seconds_apart() -> None:
    params = TwapParams(horizon_ns=60 * S, interval_ns=10 * S)
    schedule = TwapSchedule.build(quantity=D(1), start_ns=START, params=params, lot_size=LOT)

    assert [s.due_ns - START for s in schedule.slices] == [k * 10 * S for k in range(6)]
    assert {s.quantity for s in schedule.slices} == {D("0.166"), D("0.167")}
    assert sum(s.quantity for s in schedule.slices) == D(1)
    assert schedule.end_ns == START + 60 * S


def test_an_uneven_horizon_gets_a_last_slot_inside_it() -> None:
    params = TwapParams(horizon_ns=65 * S, interval_ns=10 * S)
    schedule = TwapSchedule.build(quantity=D("0.7"), start_ns=0, params=params, lot_size=LOT)

    assert [s.due_ns for s in schedule.slices] == [k * 10 * S for k in range(7)]
    assert [s.quantity for s in schedule.slices] == [D("0.1")] * 7


def test_vwap_follows_an_explicit_profile() -> None:
    params = VwapParams(
        horizon_ns=40 * S, interval_ns=10 * S, volume_profile=(D(1), D(2), D(3), D(4))
    )
    schedule = VwapSchedule.build(quantity=D(1), start_ns=START, params=params, lot_size=LOT)

    assert [s.quantity for s in schedule.slices] == [D("0.1"), D("0.2"), D("0.3"), D("0.4")]
    assert schedule.profile_source is ProfileSource.EXPLICIT


def test_vwap_profile_comes_from_the_same_window_on_earlier_days_only() -> None:
    params = VwapParams(horizon_ns=20 * S, interval_ns=10 * S)
    history = [
        (START - DAY + 1 * S, D(20)),  # yesterday, first interval
        (START - DAY + 12 * S, D(10)),  # yesterday, second interval
        (START - 2 * DAY + 3 * S, D(10)),  # the day before, first interval
        (START - DAY + 25 * S, D(999)),  # yesterday, after the window
        (START - 5 * S, D(999)),  # just before the start: not the same phase
        (START + 15 * S, D(999)),  # the future: never read
        (START, D(999)),  # the start itself is not history yet
    ]

    assert profile_from_history(history, start_ns=START, params=params) == (D(30), D(10))
    schedule = VwapSchedule.build(
        quantity=D(1), start_ns=START, params=params, lot_size=LOT, volume_history=history
    )
    assert [s.quantity for s in schedule.slices] == [D("0.75"), D("0.25")]
    assert schedule.profile_source is ProfileSource.HISTORY


def test_vwap_with_a_shorter_period_learns_from_the_preceding_windows() -> None:
    params = VwapParams(horizon_ns=20 * S, interval_ns=10 * S, profile_period_ns=20 * S)
    history = [(START - 20 * S, D(1)), (START - 5 * S, D(3))]

    assert profile_from_history(history, start_ns=START, params=params) == (D(1), D(3))


def test_vwap_without_any_known_volume_falls_back_to_flat() -> None:
    params = VwapParams(horizon_ns=20 * S, interval_ns=10 * S)
    schedule = VwapSchedule.build(
        quantity=D(1), start_ns=START, params=params, lot_size=LOT, volume_history=[]
    )

    assert schedule.profile_source is ProfileSource.FLAT
    assert [s.quantity for s in schedule.slices] == [D("0.5"), D("0.5")]


horizons = st.tuples(st.integers(1, 3600), st.integers(1, 600)).filter(lambda hi: hi[1] <= hi[0])


@given(
    total=quantities(),
    lot=lot_sizes,
    horizon=horizons,
    jitter=st.sampled_from(["0", "0.2", "0.49"]),
    seed=st.integers(0, 2**32),
)
def test_twap_children_sum_to_the_total_inside_the_horizon(
    total: Decimal, lot: Decimal, horizon: tuple[int, int], jitter: str, seed: int
) -> None:
    horizon_s, interval_s = horizon
    params = TwapParams(
        horizon_ns=horizon_s * S, interval_ns=interval_s * S, jitter_fraction=D(jitter), seed=seed
    )
    slices = TwapSchedule.build(quantity=total, start_ns=START, params=params, lot_size=lot).slices

    assert sum(s.quantity for s in slices) == total
    assert all(s.quantity > 0 for s in slices)
    assert all(START <= s.due_ns <= START + horizon_s * S for s in slices)
    assert [s.due_ns for s in slices] == sorted(s.due_ns for s in slices)
    assert [s.sequence for s in slices] == list(range(len(slices)))


profiles = st.lists(st.integers(0, 100), min_size=1, max_size=30)


@given(data=st.data(), lot=lot_sizes, profile=profiles)
def test_vwap_children_follow_their_weights_within_one_lot(
    data: st.DataObject, lot: Decimal, profile: list[int]
) -> None:
    if sum(profile) == 0:
        profile[0] = 1
    total = data.draw(quantities(lot))
    weights = tuple(D(w) for w in profile)
    params = VwapParams(horizon_ns=len(weights) * S, interval_ns=S, volume_profile=weights)
    slices = VwapSchedule.build(quantity=total, start_ns=0, params=params, lot_size=lot).slices

    by_slot = {s.due_ns // S: s.quantity for s in slices}
    assert sum(by_slot.values()) == total
    for slot, weight in enumerate(weights):
        assert abs(by_slot.get(slot, D(0)) - total * weight / sum(weights)) < lot
