"""Splitting a parent quantity into lot-sized slices."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from application.algorithms import plan_slices, split_quantity
from tests.unit.application.algorithms.strategies import lot_sizes, quantities, weights

D = Decimal
FLAT6 = [D(1)] * 6


def test_one_btc_in_six_slices_of_a_thousandth_sums_to_one() -> None:
    slices = split_quantity(D(1), FLAT6, lot_size=D("0.001"))

    assert slices == [D(q) for q in ("0.166", "0.167", "0.167", "0.166", "0.167", "0.167")]
    assert sum(slices) == D(1)


def test_the_odd_remainder_below_one_lot_stays_on_the_last_slice() -> None:
    slices = split_quantity(D("1.0004"), [D(1)] * 4, lot_size=D("0.001"))

    assert slices[:3] == [D("0.250")] * 3
    assert slices[-1] == D("0.2504")


def test_too_few_lots_leave_empty_slots_rather_than_crumbs() -> None:
    assert split_quantity(D("0.003"), FLAT6, lot_size=D("0.001")) == [
        D(0), D("0.001"), D(0), D("0.001"), D(0), D("0.001"),
    ]  # fmt: skip


def test_slices_below_the_minimum_are_carried_into_the_next() -> None:
    slices = split_quantity(D("0.04"), [D(1)] * 4, lot_size=D("0.001"), min_size=D("0.015"))

    assert slices == [D(0), D("0.020"), D(0), D("0.020")]


def test_an_order_smaller_than_the_minimum_goes_out_whole_in_the_first_weighted_slot() -> None:
    slices = split_quantity(D("0.005"), [D(0), D(1), D(1)], lot_size=D("0.001"), min_size=D(1))

    assert slices == [D(0), D("0.005"), D(0)]


def test_a_remainder_too_small_at_the_end_joins_the_last_non_empty_slice() -> None:
    slices = split_quantity(D("1.0004"), [D(1), D(1)], lot_size=D("0.001"))

    assert slices == [D("0.500"), D("0.5004")]
    assert split_quantity(D("1.0004"), [D(1), D(0)], lot_size=D("0.001")) == [D("1.0004"), D(0)]


@pytest.mark.parametrize(
    ("total", "weights_", "lot"),
    [(D(0), FLAT6, D(1)), (D(1), FLAT6, D(0)), (D(1), [], D(1)), (D(1), [D(0)], D(1))],
)
def test_nonsense_inputs_are_refused(total: Decimal, weights_: list[Decimal], lot: Decimal) -> None:
    with pytest.raises(ValueError, match="must be"):
        split_quantity(total, weights_, lot_size=lot)


def test_planned_slices_drop_empty_slots_and_number_the_rest() -> None:
    planned = plan_slices(D("0.002"), [0, 10, 20, 30], [D(1)] * 4, lot_size=D("0.001"))

    assert [(s.sequence, s.due_ns, s.quantity) for s in planned] == [
        (0, 10, D("0.001")),
        (1, 30, D("0.001")),
    ]


@given(total=quantities(), lot=lot_sizes, weights_=weights, min_lots=st.integers(1, 5))
def test_slices_sum_exactly_to_the_total_and_are_never_negative(
    total: Decimal, lot: Decimal, weights_: list[Decimal], min_lots: int
) -> None:
    min_size = lot * min_lots
    slices = split_quantity(total, weights_, lot_size=lot, min_size=min_size)

    assert len(slices) == len(weights_)
    assert sum(slices) == total
    assert all(q >= 0 for q in slices)
    if total >= min_size:
        assert all(q == 0 or q >= min_size for q in slices)


@given(data=st.data(), lot=lot_sizes, weights_=weights)
def test_each_slice_is_within_one_lot_of_its_weighted_share(
    data: st.DataObject, lot: Decimal, weights_: list[Decimal]
) -> None:
    total = data.draw(quantities(lot))
    slices = split_quantity(total, weights_, lot_size=lot)

    weight_sum = sum(weights_)
    for quantity, weight in zip(slices, weights_, strict=True):
        assert abs(quantity - total * weight / weight_sum) < lot
        assert quantity % lot == 0
