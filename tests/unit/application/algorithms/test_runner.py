"""AlgorithmRun: releasing due children and accounting for fills, rejections and cancels."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from application.algorithms import (
    AlgorithmRun,
    InvalidChildEvent,
    RunState,
    TwapParams,
    schedule_for,
)
from domain.enums import ExecAlgorithm, OrderSide

D = Decimal
S = 1_000_000_000
LOT = D("0.001")
TWAP_30S = {"horizon_secs": 30, "interval_secs": 10}


def a_twap(quantity: str = "0.6") -> AlgorithmRun:
    return schedule_for(ExecAlgorithm.TWAP, D(quantity), OrderSide.BUY, 0, TWAP_30S, LOT)


def fill_all(run: AlgorithmRun, now_ns: int) -> list[Decimal]:
    children = run.due(now_ns)
    for child in children:
        run.on_fill(child.sequence, child.quantity)
    return [child.quantity for child in children]


def test_normal_is_one_immediate_child_of_the_whole_quantity() -> None:
    run = schedule_for(ExecAlgorithm.NORMAL, D("1.5"), OrderSide.SELL, 5, {}, LOT)

    assert run.next_due_ns == 5
    assert fill_all(run, 5) == [D("1.5")]
    assert (run.state, run.is_done, run.side) == (RunState.COMPLETED, True, OrderSide.SELL)


def test_children_are_released_when_due_and_numbered_in_release_order() -> None:
    run = a_twap()

    assert run.due(-1) == []
    first = run.due(0)
    assert [(c.sequence, c.due_ns, c.quantity) for c in first] == [(0, 0, D("0.2"))]
    assert run.next_due_ns == 10 * S
    late = run.due(25 * S)
    assert [c.sequence for c in late] == [1, 2]
    assert run.next_due_ns is None
    assert (run.working_quantity, run.unreleased_quantity) == (D("0.6"), D(0))


def test_quantities_are_tracked_across_partial_fills() -> None:
    run = a_twap()
    (child,) = run.due(0)

    run.on_fill(child.sequence, D("0.05"))

    assert run.filled_quantity == D("0.05")
    assert run.working_quantity == D("0.15")
    assert run.sent_quantity == D("0.2")
    assert run.remaining_quantity == D("0.55")
    assert run.working_children == (child,)


def test_a_rejected_childs_unfilled_quantity_rides_on_the_next_child() -> None:
    run = a_twap()
    (child,) = run.due(0)
    run.on_fill(child.sequence, D("0.05"))

    run.on_closed(child.sequence)

    assert run.due(10 * S)[0].quantity == D("0.35")
    assert run.state is RunState.RUNNING


def test_a_rejected_last_child_is_reissued_once_then_the_run_fails() -> None:
    run = a_twap()
    fill_all(run, 0)
    fill_all(run, 10 * S)
    (last,) = run.due(20 * S)
    run.on_closed(last.sequence)

    (again,) = run.due(21 * S)
    assert (again.sequence, again.due_ns, again.quantity) == (3, 20 * S, D("0.2"))
    run.on_closed(again.sequence)

    assert run.state is RunState.FAILED
    assert run.is_done
    assert run.remaining_quantity == D("0.2")
    assert run.due(60 * S) == []


def test_cancel_stops_releases_and_hands_back_the_working_children() -> None:
    run = a_twap()
    fill_all(run, 0)
    working = run.due(10 * S)

    assert run.cancel() == tuple(working)
    assert run.state is RunState.CANCELED
    assert run.next_due_ns is None
    assert run.due(60 * S) == []
    assert not run.is_done
    run.on_closed(working[0].sequence)
    assert run.is_done
    assert run.filled_quantity == D("0.2")


def test_a_fill_racing_the_cancel_still_counts() -> None:
    run = a_twap()
    (child,) = run.due(0)
    run.cancel()

    run.on_fill(child.sequence, D("0.2"))

    assert (run.filled_quantity, run.is_done, run.state) == (D("0.2"), True, RunState.CANCELED)


def test_events_for_unknown_children_and_overfills_are_refused() -> None:
    run = a_twap()
    (child,) = run.due(0)

    with pytest.raises(InvalidChildEvent):
        run.on_fill(child.sequence, D("0.3"))
    with pytest.raises(InvalidChildEvent):
        run.on_fill(child.sequence, D(0))
    with pytest.raises(InvalidChildEvent):
        run.on_fill(7, D("0.1"))
    run.on_fill(child.sequence, D("0.2"))
    with pytest.raises(InvalidChildEvent):
        run.on_closed(child.sequence)


def test_an_iceberg_run_refreshes_at_once_after_a_complete_fill() -> None:
    run = schedule_for(
        ExecAlgorithm.ICEBERG, D("0.1"), OrderSide.BUY, 0, {"visible_quantity": "0.05"}, LOT
    )
    (first,) = run.due(0)
    run.on_fill(first.sequence, D("0.05"))

    assert run.next_due_ns == 0
    (second,) = run.due(7 * S)
    assert (second.sequence, second.due_ns, second.quantity) == (1, 7 * S, D("0.05"))


def test_parsed_params_are_accepted_but_must_match_the_algorithm() -> None:
    params = TwapParams(horizon_ns=20 * S, interval_ns=10 * S)
    run = schedule_for(ExecAlgorithm.TWAP, D(1), OrderSide.BUY, 0, params, LOT)
    assert fill_all(run, 0) == [D("0.5")]

    with pytest.raises(TypeError):
        schedule_for(ExecAlgorithm.VWAP, D(1), OrderSide.BUY, 0, params, LOT)
    with pytest.raises(ValueError, match="positive"):
        schedule_for(ExecAlgorithm.NORMAL, D(0), OrderSide.BUY, 0, {}, LOT)


VWAP_40S = {"horizon_secs": 40, "interval_secs": 10, "volume_profile": [1, 0, 3, 2]}
runs = st.sampled_from(
    [
        (ExecAlgorithm.NORMAL, {}),
        (ExecAlgorithm.TWAP, {"horizon_secs": 60, "interval_secs": 7}),
        (ExecAlgorithm.VWAP, VWAP_40S),
        (ExecAlgorithm.ICEBERG, {"visible_quantity": "0.013"}),
    ]
)
events = st.lists(
    st.tuples(st.sampled_from(["tick", "fill", "partial", "close", "cancel"]), st.integers(0, 9)),
    max_size=60,
)


@given(run_spec=runs, lots=st.integers(1, 2000), events_=events)
def test_quantity_is_never_lost_nor_sent_twice(
    run_spec: tuple[ExecAlgorithm, dict[str, object]], lots: int, events_: list[tuple[str, int]]
) -> None:
    algorithm, params = run_spec
    total = LOT * lots
    run = schedule_for(algorithm, total, OrderSide.BUY, 0, params, LOT)
    now, filled_by_child = 0, dict[int, Decimal]()
    for kind, pick in events_:
        working = run.working_children
        child = working[pick % len(working)] if working else None
        if kind == "tick":
            now += pick * S
            for released in run.due(now):
                assert released.quantity > 0
        elif kind == "cancel":
            run.cancel()
        elif child is not None and kind == "close":
            run.on_closed(child.sequence)
        elif child is not None:
            left = child.quantity - filled_by_child.get(child.sequence, D(0))
            quantity = left if kind == "fill" else max(LOT, left / 2).quantize(LOT)
            run.on_fill(child.sequence, quantity)
            filled_by_child[child.sequence] = filled_by_child.get(child.sequence, D(0)) + quantity
        assert D(0) <= run.filled_quantity <= total
        assert run.working_quantity >= 0
        if run.state is RunState.RUNNING:
            assert run.filled_quantity + run.working_quantity + run.unreleased_quantity == total
        if run.state is RunState.COMPLETED:
            assert run.filled_quantity == total
            assert run.is_done
