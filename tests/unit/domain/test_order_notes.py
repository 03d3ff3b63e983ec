"""What application code changes on an Order goes through its methods: the roll-up venues of a
parent, explanations, a venue order id learnt late."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from domain.enums import ExecAlgorithm, VenueKind
from domain.ids import VenueOrderId
from domain.order import venues_from_label
from tests.builders import an_order

AT = datetime(2024, 3, 1, tzinfo=UTC)


def test_a_parent_rolls_up_each_childs_venue_once_in_order() -> None:
    parent = an_order().buy("3").by(ExecAlgorithm.TWAP).build()
    parent.submit_roll_up(venues=(), venue_type=None, at=AT)
    assert parent.is_roll_up
    assert parent.venues == ()
    for venue in ("BINANCE-FUTURES", "BYBIT", "BINANCE-FUTURES", "OKX"):
        parent.add_child_venue(venue)
    assert parent.venues == ("BINANCE-FUTURES", "BYBIT", "OKX")
    assert parent.venue is None  # a roll-up is at no venue itself
    assert parent.venue_label == "BINANCE-FUTURES,BYBIT,OKX"  # the unified_orders column


def test_a_split_parent_is_a_roll_up_of_its_allocations_from_the_start() -> None:
    parent = an_order().buy("3").build()
    parent.submit_roll_up(venues=("BYBIT", "OKX", "BYBIT"), venue_type=VenueKind.SIMULATED, at=AT)
    assert parent.is_roll_up
    assert parent.venues == ("BYBIT", "OKX")
    assert venues_from_label(parent.venue_label, algorithm=parent.exec_algorithm) == (
        None,
        ("BYBIT", "OKX"),
    )


def test_a_leaf_is_at_its_one_venue() -> None:
    leaf = an_order().buy("1").build()
    assert leaf.venues == ()
    assert leaf.venue_label is None
    leaf.submit(venue="BYBIT", venue_type=VenueKind.SIMULATED, at=AT)
    assert not leaf.is_roll_up
    assert leaf.venues == ("BYBIT",)
    assert leaf.venue_label == "BYBIT"
    assert venues_from_label("BYBIT", algorithm=ExecAlgorithm.NORMAL) == ("BYBIT", ())


@given(
    venues=st.lists(st.sampled_from(["A", "B-1", "C_2", "DERIBIT"]), max_size=4, unique=True),
    algorithm=st.sampled_from(list(ExecAlgorithm)),
)
def test_a_stored_label_gives_back_the_same_venues(
    venues: list[str], algorithm: ExecAlgorithm
) -> None:
    order = an_order().buy("1").by(algorithm).build()
    if algorithm is ExecAlgorithm.NORMAL and len(venues) == 1:
        order.submit(venue=venues[0], venue_type=None, at=AT)
    elif algorithm is not ExecAlgorithm.NORMAL or len(venues) > 1:
        order.submit_roll_up(venues=tuple(venues), venue_type=None, at=AT)
    venue, child_venues = venues_from_label(order.venue_label, algorithm=algorithm)
    assert (venue, child_venues) == (order.venue, order.child_venues)


def test_an_explanation_can_keep_an_earlier_one() -> None:
    order = an_order().buy("1").build()
    order.explain("finished with 1 unfilled", keep_earlier=True)
    assert order.error_message == "finished with 1 unfilled"
    order.explain("the algorithm stopped at the restart", keep_earlier=True)
    assert order.error_message == "finished with 1 unfilled"
    order.explain("the venue reports it rejected")
    assert order.error_message == "the venue reports it rejected"


def test_a_venue_order_id_learnt_late_never_replaces_the_first() -> None:
    order = an_order().buy("1").build()
    order.submit(venue="BYBIT", venue_type=VenueKind.SIMULATED, at=AT)
    order.learn_venue_order_id(None)
    assert order.venue_order_id is None
    order.learn_venue_order_id(VenueOrderId("v-1"))
    order.learn_venue_order_id(VenueOrderId("v-2"))
    assert order.venue_order_id == "v-1"
