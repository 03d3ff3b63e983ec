"""StartupReconciliation: what venues did while we were down reaches orders and positions once."""

from __future__ import annotations

from decimal import Decimal

import attrs
from dependency_injector import providers

from adapters.memory.simulated_venue import SimulatedVenue
from adapters.memory.store import MemoryDatabase
from application.execution.venue_registry import VenueRegistry
from application.oms.new_order import new_order
from bootstrap.build import ApplicationContainer
from domain.enums import OrderSide, OrderStatus
from domain.ids import OperationId, StrategyId
from domain.order import Order
from tests.builders import an_order
from tests.unit.application.desk import (
    BTC,
    VENUES,
    a_buy,
    a_desk,
    listing,
    restarted,
    venue,
)


def stored(desk: ApplicationContainer, op: str) -> Order:
    database: MemoryDatabase = desk.infra.database()
    return database.orders[OperationId(op)]


def trade_ids(desk: ApplicationContainer, op: str) -> list[str]:
    database: MemoryDatabase = desk.infra.database()
    return [f.venue_trade_id for f in database.fills_by_order.get(OperationId(op), [])]


async def a_resting_buy(desk: ApplicationContainer, op: str, venue_id: str = VENUES[0]) -> Order:
    await desk.core.orchestrator().execute(a_buy(op, price="29000", venue_id=venue_id))
    return stored(desk, op)


async def a_resting_split(desk: ApplicationContainer, op: str) -> None:
    """A limit parent of 2 split as the dispatcher does (one child of 1 resting per venue)."""
    oms, clock = desk.core.oms(), desk.infra.clock()
    parent = new_order(a_buy(op, "2", price="29000"), client_order_id=f"c-{op}", clock=clock)
    await oms.record_new(parent)
    parent.submit_roll_up(venues=VENUES, venue_type=venue(desk).venue.kind, at=clock.now())
    await oms.save(parent)
    dispatcher, submission = desk.core.dispatcher(), desk.core.submission()
    for n, venue_id in enumerate(VENUES, start=1):
        child = dispatcher.new_child(parent, quantity=Decimal(1), suffix=f"R{n}")
        await oms.record_new(child)
        assert await submission.submit(child, venue_id) is None


async def drain_venue_events(desk: ApplicationContainer) -> None:
    pump = desk.core.event_pump()
    await pump.start()
    await pump.drain()
    await pump.stop()


async def test_an_order_filled_while_we_were_down_gets_its_fills_once() -> None:
    before = await a_desk()
    order = await a_resting_buy(before, "filled-offline")
    await venue(before).trade_against(order.listing, Decimal(29000), Decimal(1))
    after = await restarted(before)
    report = await after.core.reconciliation().run()
    assert stored(after, "filled-offline").status is OrderStatus.FILLED
    assert report.fills_applied == 1
    assert [r.operation_id for r in report.resolved] == ["filled-offline"]
    assert report.resolved[0].filled_added == Decimal(1)
    await drain_venue_events(after)  # the venue's live echo of the same trade
    await after.core.reconciliation().run()
    assert len(trade_ids(after, "filled-offline")) == 1
    assert after.core.positions().position(BTC).aggregated_quantity == Decimal(1)
    assert report.position_differences == ()


async def test_a_partial_fill_while_down_leaves_the_order_working() -> None:
    before = await a_desk()
    order = await a_resting_buy(before, "partial")
    await venue(before).trade_against(order.listing, Decimal(29000), Decimal("0.4"))
    after = await restarted(before)
    report = await after.core.reconciliation().run()
    recovered = stored(after, "partial")
    assert recovered.status is OrderStatus.PARTIALLY_FILLED
    assert recovered.filled_quantity == Decimal("0.4")
    assert report.still_open == ("partial",)
    assert [o.operation_id for o in after.core.oms().open_orders()] == ["partial"]


async def test_a_resting_order_the_venue_still_holds_is_adopted_unchanged() -> None:
    before = await a_desk()
    await a_resting_buy(before, "still-resting")
    after = await restarted(before)
    report = await after.core.reconciliation().run()
    assert stored(after, "still-resting").status is OrderStatus.ACCEPTED
    assert report.still_open == ("still-resting",)
    assert report.resolved == ()
    assert report.clean


async def test_an_accepted_order_the_venue_does_not_know_is_expired() -> None:
    before = await a_desk()
    await a_resting_buy(before, "forgotten")
    after = await restarted(before)
    # The venue lost its state (an exchange-side reset): same venue, nothing in it.
    fresh = [SimulatedVenue(v.venue, after.infra.clock()) for v in before.infra.venues().all()]
    after.infra.venues.override(providers.Object(VenueRegistry(fresh)))
    await after.core.reconciliation().run()
    order = stored(after, "forgotten")
    assert order.status is OrderStatus.EXPIRED
    assert f"unknown to {VENUES[0]}" in (order.error_message or "")
    assert after.core.oms().open_orders() == []


async def test_an_order_recorded_but_never_sent_is_rejected_as_not_sent() -> None:
    before = await a_desk()
    request = a_buy("write-ahead-only", price="29000")
    order = new_order(
        request, client_order_id=before.core.ids().client_order_id(), clock=before.infra.clock()
    )
    await before.core.oms().record_new(order)  # the process died before any venue call
    after = await restarted(before)
    report = await after.core.reconciliation().run()
    assert stored(after, "write-ahead-only").status is OrderStatus.REJECTED
    assert report.not_sent == ("write-ahead-only",)
    assert all(venue(after, v).submitted == [] for v in VENUES)


async def test_orders_at_a_venue_that_does_not_survive_restarts_are_expired_and_said_so() -> None:
    before = await a_desk()
    await a_resting_buy(before, "paper", VENUES[0])
    await a_resting_buy(before, "kept", VENUES[1])
    venue(before, VENUES[0]).survives_restart = False
    after = await restarted(before)
    report = await after.core.reconciliation().run()
    assert stored(after, "paper").status is OrderStatus.EXPIRED
    assert stored(after, "kept").status is OrderStatus.ACCEPTED
    assert report.not_persistent_venues == (VENUES[0],)
    assert report.expired_not_persistent == ("paper",)
    assert any("not persistent across restarts" in note for note in report.notes)


async def test_an_order_at_an_unreachable_venue_stays_open_and_unresolved() -> None:
    before = await a_desk()
    order = await a_resting_buy(before, "unreachable")
    await venue(before).trade_against(order.listing, Decimal(29000), Decimal(1))
    venue(before).faults.down = True
    after = await restarted(before)
    report = await after.core.reconciliation().run()
    assert stored(after, "unreachable").status is OrderStatus.ACCEPTED  # not guessed
    assert report.unresolved == ("unreachable",)
    assert VENUES[0] in report.unreachable_venues
    assert not report.clean


async def test_an_open_venue_order_nobody_here_placed_is_imported_as_external() -> None:
    desk = await a_desk()
    by_hand = an_order().limit("29000").build()
    await venue(desk).submit(by_hand)
    report = await desk.core.reconciliation().run()
    assert report.imported_external == (by_hand.client_order_id,)
    imported = stored(desk, f"EXTERNAL:{VENUES[0]}:{by_hand.client_order_id}")
    assert imported.external
    assert imported.strategy_id == "external"
    assert imported.status is OrderStatus.ACCEPTED


async def test_a_position_the_venue_disagrees_with_is_reported() -> None:
    desk = await a_desk()
    await desk.core.orchestrator().execute(a_buy("ours", venue_id=VENUES[0]))
    await venue(desk).submit(an_order().buy("2").build())  # filled at the venue, not here
    report = await desk.core.reconciliation().run()
    [difference] = report.position_differences
    assert (difference.venue, difference.instrument_key) == (VENUES[0], BTC)
    assert (difference.ours, difference.venue_quantity) == (Decimal(1), Decimal(3))


async def test_a_split_parent_rolls_up_the_fills_its_children_got_while_down() -> None:
    before = await a_desk()
    await a_resting_split(before, "parent")
    for venue_id in VENUES:  # both children fill while the service is down
        await venue(before, venue_id).trade_against(listing(venue_id), Decimal(29000), Decimal(1))
    after = await restarted(before)
    await after.core.reconciliation().run()
    recovered = stored(after, "parent")
    assert [stored(after, f"parent/R{n}").status for n in (1, 2)] == [OrderStatus.FILLED] * 2
    assert recovered.filled_quantity == Decimal(2)
    assert recovered.status is OrderStatus.FILLED
    assert recovered.child_venues == VENUES
    assert after.core.positions().position(BTC).aggregated_quantity == Decimal(2)


async def test_a_parent_with_a_child_still_working_stays_open() -> None:
    before = await a_desk()
    await a_resting_split(before, "p")
    await venue(before).trade_against(listing(VENUES[0]), Decimal(29000), Decimal(1))
    after = await restarted(before)
    await after.core.reconciliation().run()
    recovered = stored(after, "p")
    assert recovered.is_open
    assert recovered.filled_quantity == Decimal(1)
    assert stored(after, "p/R2").status is OrderStatus.ACCEPTED


async def test_strategies_restart_from_their_fills_and_a_fill_while_down_counts_once() -> None:
    before = await a_desk()
    await before.core.orchestrator().execute(a_buy("alpha-buy", "2", venue_id=VENUES[0]))
    beta = attrs.evolve(a_buy("beta-sell", venue_id=VENUES[0]), side=OrderSide.SELL)
    await before.core.orchestrator().execute(attrs.evolve(beta, strategy_id=StrategyId("beta")))
    order = await a_resting_buy(before, "alpha-resting")
    await venue(before).trade_against(order.listing, Decimal(29000), Decimal(1))
    after = await restarted(before)

    await after.core.reconciliation().run()
    await after.core.reconciliation().run()  # again: set afresh, not added twice

    exposure = after.core.exposure()
    assert exposure.filled_position("alpha", BTC).venue == Decimal(3)
    assert exposure.filled_position("beta", BTC).venue == Decimal(-1)
    assert exposure.position[BTC] == Decimal(2)
    assert after.core.positions().strategy_positions("beta") == {BTC: Decimal(-1)}


async def test_a_fresh_start_leaves_every_strategy_flat() -> None:
    desk = await a_desk()
    await desk.core.reconciliation().run()
    assert desk.core.exposure().filled_position("alpha", BTC).venue == 0
    assert desk.core.positions().strategy_positions("alpha") == {}
