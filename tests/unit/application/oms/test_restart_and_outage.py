"""Fills survive restarts and order-store outages: bound to their operation, kept while
the store is down, written once when it is back (issue 9, items 1, 7, 8, 10, 12)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from adapters.memory.simulated_venue import SimulatedVenue
from adapters.memory.store import MemoryDatabase
from application.execution.orchestrator import OutcomeNotRecorded
from application.oms.new_order import new_order
from domain.enums import OrderStatus
from domain.fill import Fill
from domain.ids import ClientOrderId, OperationId
from domain.order import Order
from domain.venue_events import OrderFilled
from tests.unit.application.desk import BTC, VENUES, a_buy, a_desk, restarted, venue


@pytest.fixture(autouse=True)
def journal_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "outage-journal.jsonl"
    monkeypatch.setenv("ODUM_OUTAGE_JOURNAL", str(path))
    return path


def stored(database: MemoryDatabase, op: str) -> Order:
    return database.orders[OperationId(op)]


def fills_of(database: MemoryDatabase, op: str) -> list[str]:
    return [f.venue_trade_id for f in database.fills_by_order.get(OperationId(op), [])]


async def test_a_fill_named_by_the_venue_label_after_a_restart_lands_on_its_order() -> None:
    before = await a_desk()
    await before.core.orchestrator().execute(a_buy("rests", price="29000", venue_id=VENUES[0]))
    after = await restarted(before)
    await after.core.reconciliation().run()
    database: MemoryDatabase = after.infra.database()
    order = stored(database, "rests")
    await venue(after).trade_against(order.listing, Decimal(29000), Decimal(1))
    event = venue(after)._queue.get_nowait()
    assert isinstance(event, OrderFilled)
    # An adapter that lost its label -> operation map names the fill by the label only.
    by_label = attrs.evolve(
        event, fill=attrs.evolve(event.fill, operation_id=event.client_order_id)
    )
    await after.core.tracking().on_event(by_label)
    assert stored(database, "rests").status is OrderStatus.FILLED
    assert fills_of(database, "rests") == [event.fill.venue_trade_id]
    position = database.positions[BTC]
    assert position.aggregated_quantity == Decimal(1)


async def test_an_event_for_an_order_not_known_yet_is_kept_and_applied_later() -> None:
    desk = await a_desk()
    tracking = desk.core.tracking()
    await desk.core.orchestrator().execute(a_buy("late", price="29000", venue_id=VENUES[0]))
    database: MemoryDatabase = desk.infra.database()
    order = stored(database, "late")
    await venue(desk).trade_against(order.listing, Decimal(29000), Decimal(1))
    event = venue(desk)._queue.get_nowait()
    stranger = attrs.evolve(event, client_order_id=ClientOrderId("not-yet-known"))
    await tracking.on_event(stranger)
    assert tracking.unmatched_events == 1
    database.client_ids[ClientOrderId("not-yet-known")] = OperationId("late")
    await tracking.settle()
    assert tracking.unmatched_events == 0
    assert fills_of(database, "late") == [event.fill.venue_trade_id]


async def test_the_store_dying_mid_request_gets_a_true_answer_and_loses_nothing(
    journal_file: Path,
) -> None:
    desk = await a_desk()
    await desk.core.reconciliation().run()  # start-up, as the service does
    database: MemoryDatabase = desk.infra.database()
    first = venue(desk)

    def store_dies() -> None:
        database.available = False  # after the write-ahead, while the venue fills

    first.faults.during_submit = store_dies
    with pytest.raises(OutcomeNotRecorded) as unrecorded:
        await desk.core.orchestrator().execute(a_buy("mid-outage", venue_id=VENUES[0]))
    assert unrecorded.value.result.status is OrderStatus.FILLED
    assert "was sent to BINANCE-FUTURES" in str(unrecorded.value)
    assert stored(database, "mid-outage").status is OrderStatus.PENDING
    lines = [json.loads(line) for line in journal_file.read_text().splitlines()]
    assert [line["kind"] for line in lines].count("fill") == 1
    again = desk.core.orchestrator()
    with pytest.raises(OutcomeNotRecorded):  # a re-POST answers the same truth
        await again.execute(a_buy("mid-outage", venue_id=VENUES[0]))
    database.available = True
    await desk.core.tracking().settle()
    assert stored(database, "mid-outage").status is OrderStatus.FILLED
    assert len(fills_of(database, "mid-outage")) == 1
    assert database.positions[BTC].aggregated_quantity == Decimal(1)
    report = desk.core.reconciliation().last
    assert report is not None
    assert report.trigger == "after store outage"
    assert json.loads(journal_file.read_text().splitlines()[-1])["kind"] == "written"


async def test_venue_events_during_an_outage_are_applied_when_the_store_is_back() -> None:
    desk = await a_desk()
    database: MemoryDatabase = desk.infra.database()
    await desk.core.orchestrator().execute(a_buy("rest", price="29000", venue_id=VENUES[0]))
    pump = desk.core.event_pump()
    await pump.start()
    database.available = False
    await venue(desk).trade_against(stored(database, "rest").listing, Decimal(29000), Decimal(1))
    await pump.drain()
    order = await desk.core.oms().get(OperationId("rest"))
    assert order is not None
    assert order.status is OrderStatus.FILLED
    assert stored(database, "rest").status is OrderStatus.ACCEPTED
    database.available = True
    await pump.drain()
    await pump.stop()
    assert stored(database, "rest").status is OrderStatus.FILLED
    assert len(fills_of(database, "rest")) == 1


async def test_an_order_in_flight_at_a_kill_is_resolved_at_start_up() -> None:
    before = await a_desk()
    database: MemoryDatabase = before.infra.database()
    never_sent = a_buy("in-flight")
    order = new_order(
        never_sent, client_order_id=before.core.ids().client_order_id(), clock=before.infra.clock()
    )
    await before.core.oms().record_new(order)  # the kill came before the venue call
    after = await restarted(before)
    report = await after.core.reconciliation().run()
    assert report.not_sent == ("in-flight",)
    assert stored(database, "in-flight").status is OrderStatus.REJECTED
    assert stored(database, "in-flight").rejection_reason == "never reached the venue"
    result = await after.core.orchestrator().execute(never_sent)
    assert result.status is OrderStatus.REJECTED
    assert all(not venue(after, v).submitted for v in VENUES)


async def test_fills_recovered_at_start_up_carry_the_venues_trade_ids() -> None:
    before = await a_desk()
    await before.core.orchestrator().execute(a_buy("down-fill", price="29000", venue_id=VENUES[0]))
    database: MemoryDatabase = before.infra.database()
    await venue(before).trade_against(
        stored(database, "down-fill").listing, Decimal(29000), Decimal("0.4")
    )  # filled while the service was down; the echo is still queued at the venue
    after = await restarted(before)
    report = await after.core.reconciliation().run()
    trades = await venue(after).order_trades(stored(database, "down-fill").client_order_id)
    assert fills_of(database, "down-fill") == [t.venue_trade_id for t in trades]
    assert report.fills_applied == 1
    pump = after.core.event_pump()
    await pump.start()
    await pump.drain()  # the live echo of the same trade arrives: deduped
    await pump.stop()
    assert len(fills_of(database, "down-fill")) == 1
    assert database.positions[BTC].aggregated_quantity == Decimal("0.4")


async def test_a_venue_that_starts_empty_expires_its_open_orders_and_says_so() -> None:
    before = await a_desk()
    await before.core.orchestrator().execute(a_buy("paper", price="29000", venue_id=VENUES[0]))
    venue(before).survives_restart = False
    after = await restarted(before)
    report = await after.core.reconciliation().run()
    database: MemoryDatabase = after.infra.database()
    assert stored(database, "paper").status is OrderStatus.EXPIRED
    assert "paper venue state is not persistent across restarts" in str(
        stored(database, "paper").error_message
    )
    assert report.not_persistent_venues == (VENUES[0],)
    assert report.expired_not_persistent == ("paper",)
    assert any("not persistent" in note for note in report.notes)


class _NoTradeListing(SimulatedVenue):
    """A venue that reports order states but cannot list an order's trades."""

    async def order_trades(self, client_order_id: ClientOrderId) -> list[Fill]:
        raise NotImplementedError


async def test_a_venue_that_cannot_list_trades_gets_one_synthetic_fill_that_dedupes() -> None:
    before = await a_desk()
    plain = venue(before)
    await before.core.orchestrator().execute(a_buy("synthetic", price="29000", venue_id=VENUES[0]))
    database: MemoryDatabase = before.infra.database()
    await plain.trade_against(stored(database, "synthetic").listing, Decimal(29000), Decimal("0.4"))
    plain.__class__ = _NoTradeListing  # the same venue, now without a trade listing
    after = await restarted(before)
    await after.core.reconciliation().run()
    again = await restarted(after)
    await again.core.reconciliation().run()  # asked twice: applied once
    assert [t.startswith("RECOVERY:") for t in fills_of(database, "synthetic")] == [True]
    pump = again.core.event_pump()
    await pump.start()
    await pump.drain()  # the live echo of the trade the synthetic fill stands for
    await pump.stop()
    assert stored(database, "synthetic").filled_quantity == Decimal("0.4")
    assert database.positions[BTC].aggregated_quantity == Decimal("0.4")


async def test_a_fill_for_an_order_not_in_memory_during_an_outage_is_journaled_and_kept(
    journal_file: Path,
) -> None:
    before = await a_desk()
    await before.core.orchestrator().execute(
        a_buy("closed-rest", price="29000", venue_id=VENUES[0])
    )
    after = await restarted(before)  # not reconciled yet: the order is only in the store
    database: MemoryDatabase = after.infra.database()
    listing = stored(database, "closed-rest").listing
    await venue(after).trade_against(listing, Decimal(29000), Decimal(1))
    event = venue(after)._queue.get_nowait()
    database.available = False
    tracking = after.core.tracking()
    await tracking.on_event(event)
    assert tracking.unmatched_events == 1
    lines = [json.loads(line) for line in journal_file.read_text().splitlines()]
    assert [line["venue_trade_id"] for line in lines] == [event.fill.venue_trade_id]
    database.available = True
    await tracking.settle()
    assert fills_of(database, "closed-rest") == [event.fill.venue_trade_id]
    assert stored(database, "closed-rest").status is OrderStatus.FILLED
