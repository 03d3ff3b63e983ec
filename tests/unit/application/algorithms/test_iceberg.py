"""Iceberg: one visible child at a time, refreshed once it is filled."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from application.algorithms import IcebergParams, IcebergScheduler, InvalidAlgorithmParams

D = Decimal
LOT = D("0.001")


def an_iceberg(total: str = "0.2", visible: str = "0.05") -> IcebergScheduler:
    params = IcebergParams(visible_quantity=D(visible))
    return IcebergScheduler(quantity=D(total), params=params, start_ns=100, lot_size=LOT)


def test_shows_the_visible_quantity_from_the_start_and_nothing_more_until_filled() -> None:
    iceberg = an_iceberg()

    assert iceberg.release(99) == []
    assert iceberg.release(100) == [(100, D("0.05"))]
    assert iceberg.next_due_ns is None
    assert iceberg.release(200) == []
    assert (iceberg.working_quantity, iceberg.unreleased_quantity) == (D("0.05"), D("0.15"))


def test_a_partial_fill_shrinks_the_shown_child_without_topping_it_up() -> None:
    iceberg = an_iceberg()
    iceberg.release(100)

    iceberg.on_fill(D("0.02"))

    assert iceberg.working_quantity == D("0.03")
    assert iceberg.release(300) == []


def test_the_next_child_is_shown_once_the_working_one_is_filled() -> None:
    iceberg = an_iceberg(total="0.12")
    shown = []
    for now in (100, 200, 300):
        shown += iceberg.release(now)
        iceberg.on_fill(iceberg.working_quantity)

    assert shown == [(100, D("0.05")), (200, D("0.05")), (300, D("0.02"))]
    assert iceberg.next_due_ns is None


def test_a_rejected_child_is_shown_again_once_then_gives_up() -> None:
    iceberg = an_iceberg()
    iceberg.release(100)

    assert iceberg.take_back(D("0.05"), 100) is True
    assert iceberg.release(150) == [(150, D("0.05"))]
    assert iceberg.take_back(D("0.05"), 150) is False


def test_a_fill_between_rejections_earns_another_try() -> None:
    iceberg = an_iceberg()
    iceberg.release(100)
    assert iceberg.take_back(D("0.05"), 100)
    iceberg.release(110)
    iceberg.on_fill(D("0.01"))

    assert iceberg.take_back(D("0.04"), 110) is True
    assert iceberg.unreleased_quantity == D("0.19")


@pytest.mark.parametrize(("visible", "why"), [("0.0505", "lots"), ("0.001", "minimum")])
def test_a_visible_quantity_the_venue_cannot_take_is_refused(visible: str, why: str) -> None:
    params = IcebergParams(visible_quantity=D(visible))
    with pytest.raises(InvalidAlgorithmParams, match=why):
        IcebergScheduler(
            quantity=D(1), params=params, start_ns=0, lot_size=LOT, min_size=D("0.002")
        )


@given(
    lots=st.integers(1, 500),
    visible_lots=st.integers(1, 60),
    events=st.lists(st.tuples(st.sampled_from(["fill", "reject"]), st.floats(0, 1)), max_size=80),
)
def test_never_shows_more_than_visible_nor_more_than_remains(
    lots: int, visible_lots: int, events: list[tuple[str, float]]
) -> None:
    total, visible = LOT * lots, LOT * visible_lots
    iceberg = IcebergScheduler(
        quantity=total, params=IcebergParams(visible_quantity=visible), start_ns=0, lot_size=LOT
    )
    filled = D(0)
    for now, (kind, share) in enumerate(events):
        for _, shown in iceberg.release(now):
            assert 0 < shown <= min(visible, total - filled)
        working = iceberg.working_quantity
        assert working <= visible
        if working and kind == "fill":
            quantity = max(LOT, (working * D(share)).quantize(LOT))
            iceberg.on_fill(min(quantity, working))
            filled += min(quantity, working)
        elif working and not iceberg.take_back(working, now):
            return  # gave up after two rejections in a row
        assert filled + iceberg.working_quantity + iceberg.unreleased_quantity == total
