"""What application code changes on an Order goes through its methods: the roll-up venues of a
parent, explanations, a venue order id learnt late."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.enums import VenueKind
from domain.ids import VenueOrderId
from tests.builders import an_order

AT = datetime(2024, 3, 1, tzinfo=UTC)


def test_a_parent_rolls_up_each_childs_venue_once_in_order() -> None:
    parent = an_order().buy("3").build()
    parent.submit(venue=None, venue_type=None, at=AT)
    assert parent.venues == ()
    for venue in ("BINANCE-FUTURES", "BYBIT", "BINANCE-FUTURES", "OKX"):
        parent.add_child_venue(venue)
    assert parent.venues == ("BINANCE-FUTURES", "BYBIT", "OKX")
    assert parent.venue == "BINANCE-FUTURES,BYBIT,OKX"  # the unified_orders column


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
