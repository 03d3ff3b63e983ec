"""Order state machine: illegal moves raise; fills accumulate exactly once, never overfill."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.enums import OrderStatus, VenueKind
from domain.errors import IllegalTransition, Overfill
from domain.order import Order, can_transition
from tests.builders import T0, a_fill, an_order

TERMINAL = [s for s in OrderStatus if s.is_terminal]


def submitted(quantity: str = "1") -> Order:
    order = an_order().buy(quantity).build()
    order.submit(venue="V", venue_type=VenueKind.SIMULATED, at=T0)
    return order


def test_fills_accumulate_and_average() -> None:
    order = submitted("3")
    order.apply_fill(a_fill(order, "1", "100", trade_id="a"), at=T0)
    assert order.status is OrderStatus.PARTIALLY_FILLED
    order.apply_fill(a_fill(order, "2", "103", trade_id="b"), at=T0)
    assert order.status is OrderStatus.FILLED
    assert order.filled_quantity == Decimal(3)
    assert order.avg_fill_price == Decimal(102)


def test_a_seen_trade_id_is_ignored() -> None:
    order = submitted("3")
    assert order.apply_fill(a_fill(order, "1", "100", trade_id="a"), at=T0) is True
    assert order.apply_fill(a_fill(order, "1", "100", trade_id="a"), at=T0) is False
    assert order.filled_quantity == Decimal(1)


def test_an_overfill_is_refused_and_changes_nothing() -> None:
    order = submitted("1")
    order.apply_fill(a_fill(order, "0.6", "100", trade_id="a"), at=T0)
    with pytest.raises(Overfill):
        order.apply_fill(a_fill(order, "0.5", "100", trade_id="b"), at=T0)
    assert order.filled_quantity == Decimal("0.6")
    assert order.status is OrderStatus.PARTIALLY_FILLED


def test_a_pending_order_cannot_fill() -> None:
    order = an_order().build()
    with pytest.raises(IllegalTransition):
        order.apply_fill(a_fill(order, "1", "1"), at=T0)


@pytest.mark.parametrize("terminal", TERMINAL)
def test_terminal_states_are_final(terminal: OrderStatus) -> None:
    assert not any(can_transition(terminal, target) for target in OrderStatus)


def test_a_filled_order_cannot_be_canceled() -> None:
    order = submitted("1")
    order.apply_fill(a_fill(order, "1", "100"), at=T0)
    with pytest.raises(IllegalTransition) as raised:
        order.cancel(at=T0)
    assert raised.value.current == "FILLED"


def test_reroute_is_only_for_an_untouched_submission() -> None:
    order = submitted("1")
    order.reroute(venue="W", venue_type=VenueKind.SIMULATED, at=T0)
    assert order.venue == "W"
    order.apply_fill(a_fill(order, "0.5", "100"), at=T0)
    with pytest.raises(IllegalTransition):
        order.reroute(venue="X", venue_type=VenueKind.SIMULATED, at=T0)


actions = st.lists(
    st.one_of(
        st.tuples(st.just("fill"), st.integers(1, 5), st.integers(90, 110), st.integers(0, 6)),
        st.tuples(st.just("cancel")),
        st.tuples(st.just("accept")),
        st.tuples(st.just("reject")),
    ),
    max_size=30,
)


@given(quantity=st.integers(1, 20), steps=actions)
def test_invariants_hold_under_any_sequence_of_events(quantity: int, steps: list) -> None:
    order = submitted(str(quantity))
    applied: dict[str, tuple[int, int]] = {}
    for step in steps:
        before = order.status
        try:
            if step[0] == "fill":
                _, qty, price, trade = step
                if order.apply_fill(
                    a_fill(order, str(qty), str(price), trade_id=f"t{trade}"), at=T0
                ):
                    applied[f"t{trade}"] = (qty, price)
            elif step[0] == "cancel":
                order.cancel(at=T0)
            elif step[0] == "accept":
                order.accept(venue_order_id=None, at=T0)
            else:
                order.reject(reason="no", at=T0)
        except (IllegalTransition, Overfill):
            assert order.status is before  # a refused event changes nothing
        assert order.filled_quantity <= order.quantity
        assert order.filled_quantity == sum(Decimal(q) for q, _ in applied.values())
        if before.is_terminal:
            assert order.status is before
    if applied:
        prices = [p for _, p in applied.values()]
        assert min(prices) <= order.avg_fill_price <= max(prices)
        notional = sum(Decimal(q) * p for q, p in applied.values())
        assert order.avg_fill_price * order.filled_quantity == pytest.approx(notional)
    assert (order.status is OrderStatus.FILLED) == (order.filled_quantity == order.quantity)
