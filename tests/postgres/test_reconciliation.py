"""Startup reconciliation against a venue that kept trading while the service was down."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import attrs
import psycopg
import pytest
from dependency_injector import providers

from application.oms.new_order import new_order
from bootstrap.build import ApplicationContainer
from domain.enums import ExecAlgorithm, OrderStatus, OrderType
from domain.ids import ClientOrderId, OperationId
from domain.order import Order
from tests.postgres.live_container import BTC, VENUE, buy, live_container, simulated

pytestmark = pytest.mark.postgres


async def _before_the_crash(url: str, monkeypatch: pytest.MonkeyPatch) -> ApplicationContainer:
    container = live_container(url, monkeypatch)
    await simulated(container).connect()
    return container


async def _restart(
    url: str, monkeypatch: pytest.MonkeyPatch, crashed: ApplicationContainer
) -> ApplicationContainer:
    """A new service process: new memory, same database, and the venue that lived on (its
    events of the dead connection are gone)."""
    await crashed.infra.database().close()
    await _drop_queued_events(crashed)
    restarted = live_container(url, monkeypatch)
    restarted.infra.venues.override(providers.Object(crashed.infra.venues()))
    return restarted


async def _drop_queued_events(container: ApplicationContainer) -> None:
    events = simulated(container).events()
    while True:
        try:
            await asyncio.wait_for(anext(events), 0.01)
        except TimeoutError:
            return


async def _recorded(container: ApplicationContainer, order: Order) -> Order:
    return await container.core.oms().record_new(order)


def _pending(container: ApplicationContainer, operation_id: str, **changes: object) -> Order:
    ids, clock = container.core.ids(), container.infra.clock()
    order = new_order(buy(operation_id), client_order_id=ids.client_order_id(), clock=clock)
    return attrs.evolve(order, **changes) if changes else order


def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def _position(url: str) -> Decimal:
    rows = _rows(url, f"SELECT venue_positions ->> '{VENUE}' FROM unified_positions")
    return Decimal(str(rows[0][0])) if rows else Decimal(0)


async def test_an_order_the_venue_filled_before_the_ack_was_stored_is_completed_once(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    crashed = await _before_the_crash(postgres_url, monkeypatch)
    order = await _recorded(crashed, _pending(crashed, "filled-unseen"))
    await simulated(crashed).submit(order)  # reached the venue; the process died right after
    restarted = await _restart(postgres_url, monkeypatch, crashed)
    reconciliation = restarted.core.reconciliation()
    report = await reconciliation.run()
    again = await reconciliation.run()
    await restarted.infra.database().close()

    assert [(r.operation_id, r.stored_status, r.status) for r in report.resolved] == [
        ("filled-unseen", "PENDING", "FILLED")
    ]
    assert report.fills_applied == 1
    assert report.clean
    assert (again.resolved, again.fills_applied, again.position_differences) == ((), 0, ())
    assert _rows(postgres_url, "SELECT status, filled_quantity, venue FROM unified_orders") == [
        ("FILLED", Decimal(1), VENUE)
    ]
    assert _rows(postgres_url, "SELECT count(*), sum(price) FROM unified_fills") == [
        (1, Decimal(30010))
    ]
    assert _position(postgres_url) == Decimal(1)
    assert simulated(crashed).submitted == [order.client_order_id]  # not sent again


async def test_an_order_that_never_left_is_refused_not_sent(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    crashed = await _before_the_crash(postgres_url, monkeypatch)
    await _recorded(crashed, _pending(crashed, "never-sent"))
    restarted = await _restart(postgres_url, monkeypatch, crashed)
    report = await restarted.core.reconciliation().run()
    await restarted.infra.database().close()
    assert report.not_sent == ("never-sent",)
    status, reason = _rows(postgres_url, "SELECT status, rejection_reason FROM unified_orders")[0]
    assert status == "REJECTED"
    assert reason == "never reached the venue"  # the venue said it has no such order
    assert simulated(crashed).submitted == []


async def test_a_resting_order_filled_while_down_gets_the_missing_quantity(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    crashed = await _before_the_crash(postgres_url, monkeypatch)
    limit = attrs.evolve(buy("resting", "1"), order_type=OrderType.LIMIT, price=Decimal(30000))
    result = await crashed.core.orchestrator().execute(limit)
    assert result.status is OrderStatus.ACCEPTED
    await simulated(crashed).trade_against(BTC, Decimal(29999), Decimal("0.4"))  # while down
    restarted = await _restart(postgres_url, monkeypatch, crashed)
    report = await restarted.core.reconciliation().run()
    await restarted.infra.database().close()
    assert report.still_open == ("resting",)
    assert report.fills_applied == 1
    assert report.position_differences == ()
    assert _rows(postgres_url, "SELECT status, filled_quantity FROM unified_orders") == [
        ("PARTIALLY_FILLED", Decimal("0.4"))
    ]
    assert restarted.core.oms().working(OperationId("resting")) is not None  # tracked again


async def test_venue_orders_unknown_here_are_imported_as_external(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    crashed = await _before_the_crash(postgres_url, monkeypatch)
    by_hand = _pending(crashed, "typed-at-the-venue", order_type=OrderType.LIMIT)
    by_hand = attrs.evolve(by_hand, price=Decimal(29000), client_order_id=ClientOrderId("manual"))
    await simulated(crashed).submit(by_hand)
    restarted = await _restart(postgres_url, monkeypatch, crashed)
    report = await restarted.core.reconciliation().run()
    await restarted.infra.database().close()
    assert report.imported_external == ("manual",)
    assert _rows(
        postgres_url, "SELECT operation_id, status, external, venue FROM unified_orders"
    ) == [(f"EXTERNAL:{VENUE}:manual", "ACCEPTED", True, VENUE)]


async def test_positions_are_compared_and_differences_reported(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    crashed = await _before_the_crash(postgres_url, monkeypatch)
    elsewhere = _pending(crashed, "traded-elsewhere", client_order_id=ClientOrderId("other"))
    await simulated(crashed).submit(attrs.evolve(elsewhere, quantity=Decimal("0.5")))
    restarted = await _restart(postgres_url, monkeypatch, crashed)
    report = await restarted.core.reconciliation().run()
    await restarted.infra.database().close()
    assert [
        (d.venue, d.instrument_key, d.ours, d.venue_quantity) for d in report.position_differences
    ] == [(VENUE, BTC, Decimal(0), Decimal("0.5"))]
    assert not report.clean


async def test_an_algorithm_parent_is_rolled_up_and_closed(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    crashed = await _before_the_crash(postgres_url, monkeypatch)
    parent = _pending(crashed, "twap", exec_algorithm=ExecAlgorithm.TWAP, quantity=Decimal(3))
    parent.submit(venue=None, venue_type=None, at=parent.created_at)
    child = _pending(crashed, "twap/1", parent_operation_id=OperationId("twap"))
    await _recorded(crashed, parent)
    await _recorded(crashed, child)
    await simulated(crashed).submit(child)
    restarted = await _restart(postgres_url, monkeypatch, crashed)
    report = await restarted.core.reconciliation().run()
    await restarted.infra.database().close()
    rows = {
        op: (status, filled, error)
        for op, status, filled, error in _rows(
            postgres_url,
            "SELECT operation_id, status, filled_quantity, error_message FROM unified_orders",
        )
    }
    assert rows["twap/1"][:2] == ("FILLED", Decimal(1))
    assert rows["twap"][:2] == ("CANCELED", Decimal(1))
    assert "execution algorithm stopped at the restart" in str(rows["twap"][2])
    assert report.fills_applied == 1
    assert report.position_differences == ()
