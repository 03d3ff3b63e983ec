"""Contract of OrderRepository, FillRepository, PositionRepository and UnitOfWork."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

from domain.enums import OrderStatus, VenueKind
from domain.errors import ConcurrentUpdate
from domain.order import Order
from tests.builders import T0, a_fill, a_position, an_order
from tests.contract.uow_adapters import ADAPTERS, UowFactory, make_uow_factory

INVERSE = "DERIBIT:PERPETUAL:BTC-USD@INV"


@pytest.fixture(params=ADAPTERS)
async def uow_factory(request: pytest.FixtureRequest) -> AsyncIterator[UowFactory]:
    async for factory in make_uow_factory(request):
        yield factory


async def _commit_update(uow_factory: UowFactory, order: Order) -> None:
    async with uow_factory() as uow:
        await uow.orders.update(order)
        await uow.commit()


async def _commit_add(uow_factory: UowFactory, order: Order) -> None:
    async with uow_factory() as uow:
        await uow.orders.add(order)
        await uow.commit()


async def test_an_added_order_is_read_back_equal(uow_factory: UowFactory) -> None:
    order = an_order().buy("1.5").limit("30000.25").build()
    order.exec_algorithm_params = {"horizon_secs": 60}
    async with uow_factory() as uow:
        await uow.orders.add(order)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.orders.get(order.operation_id)
        by_client = await uow.orders.get_by_client_order_id(order.client_order_id)
    assert stored is not None
    assert by_client is not None
    assert stored.operation_id == by_client.operation_id == order.operation_id
    assert stored.quantity == Decimal("1.5")
    assert stored.price == Decimal("30000.25")
    assert stored.status is OrderStatus.PENDING
    assert stored.exec_algorithm_params == {"horizon_secs": 60}
    assert stored.created_at == T0


async def test_nothing_is_stored_without_commit(uow_factory: UowFactory) -> None:
    order = an_order().build()
    async with uow_factory() as uow:
        await uow.orders.add(order)
    async with uow_factory() as uow:
        assert await uow.orders.get(order.operation_id) is None


async def test_updates_persist_status_fills_and_bump_the_version(uow_factory: UowFactory) -> None:
    order = an_order().buy("2").build()
    async with uow_factory() as uow:
        await uow.orders.add(order)
        await uow.commit()
    order.submit(venue="BINANCE-FUTURES", venue_type=VenueKind.SIMULATED, at=T0)
    order.apply_fill(a_fill(order, "0.5", "30000", trade_id="t1"), at=T0)
    async with uow_factory() as uow:
        await uow.orders.update(order)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.orders.get(order.operation_id)
    assert stored is not None
    assert stored.status is OrderStatus.PARTIALLY_FILLED
    assert stored.filled_quantity == Decimal("0.5")
    assert stored.venue == "BINANCE-FUTURES"
    assert stored.version == order.version == 1


async def test_a_stale_update_is_refused(uow_factory: UowFactory) -> None:
    order = an_order().build()
    async with uow_factory() as uow:
        await uow.orders.add(order)
        await uow.commit()
    async with uow_factory() as uow:
        first = await uow.orders.get(order.operation_id)
    async with uow_factory() as uow:
        second = await uow.orders.get(order.operation_id)
    assert first is not None
    assert second is not None
    first.submit(venue="X", venue_type=VenueKind.SIMULATED, at=T0)
    async with uow_factory() as uow:
        await uow.orders.update(first)
        await uow.commit()
    second.cancel(at=T0)
    with pytest.raises(ConcurrentUpdate):
        await _commit_update(uow_factory, second)
    async with uow_factory() as uow:
        stored = await uow.orders.get(order.operation_id)
    assert stored is not None
    assert stored.status is OrderStatus.SUBMITTED


async def test_a_duplicate_operation_id_cannot_be_committed(uow_factory: UowFactory) -> None:
    order = an_order().with_id("dup-op").build()
    async with uow_factory() as uow:
        await uow.orders.add(order)
        await uow.commit()
    with pytest.raises(ConcurrentUpdate):
        await _commit_add(uow_factory, an_order().with_id("dup-op").build())


async def test_a_fill_is_stored_once(uow_factory: UowFactory) -> None:
    order = an_order().build()
    fill = a_fill(order, "1", "30000", trade_id="trade-1")
    async with uow_factory() as uow:
        await uow.orders.add(order)
        assert await uow.fills.add(fill) is True
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.fills.add(a_fill(order, "1", "30000", trade_id="trade-1")) is False
        await uow.commit()
    async with uow_factory() as uow:
        fills = await uow.fills.for_order(order.operation_id)
    assert [f.venue_trade_id for f in fills] == ["trade-1"]
    assert fills[0].price == Decimal("30000")


async def test_the_same_trade_id_on_another_venue_is_a_different_fill(
    uow_factory: UowFactory,
) -> None:
    order = an_order().build()
    async with uow_factory() as uow:
        await uow.orders.add(order)
        assert await uow.fills.add(a_fill(order, "1", "1", trade_id="7", venue="A"))
        assert await uow.fills.add(a_fill(order, "1", "1", trade_id="7", venue="B"))
        await uow.commit()
    async with uow_factory() as uow:
        assert len(await uow.fills.for_order(order.operation_id)) == 2


async def test_every_committed_fill_comes_back_with_its_orders_strategy_oldest_first(
    uow_factory: UowFactory,
) -> None:
    alpha = an_order().buy("2").build()
    beta = an_order().sell("1").for_strategy("beta").on(INVERSE).build()
    older, newer = a_fill(alpha, "1.5", "30000"), a_fill(beta, "1000", "40000")
    async with uow_factory() as uow:
        assert await uow.fills.strategy_fills() == []
        await uow.orders.add(alpha)
        await uow.orders.add(beta)
        await uow.fills.add(newer)
        await uow.fills.add(older)
        await uow.commit()
    async with uow_factory() as uow:
        await uow.fills.add(a_fill(alpha, "0.5", "30100"))
        await uow.rollback()  # never committed: not a stored fill
    async with uow_factory() as uow:
        stored = await uow.fills.strategy_fills()
    assert [(s.strategy_id, s.fill.fill_id) for s in stored] == [
        ("alpha", older.fill_id),
        ("beta", newer.fill_id),
    ]
    assert [s.fill for s in stored] == [older, newer]  # side, key and amounts as stored


async def test_strategy_totals_sum_each_strategys_committed_fills_per_instrument(
    uow_factory: UowFactory,
) -> None:
    alpha = an_order().buy("3").build()
    alpha_sell = an_order().sell("1.25").build()
    beta = an_order().sell("2000").for_strategy("beta").on(INVERSE).build()
    async with uow_factory() as uow:
        assert await uow.fills.strategy_totals() == []
        for order in (alpha, alpha_sell, beta):
            await uow.orders.add(order)
        await uow.fills.add(a_fill(alpha, "2", "30000"))
        await uow.fills.add(a_fill(alpha, "1", "30100"))
        await uow.fills.add(a_fill(alpha_sell, "1.25", "30200"))
        await uow.fills.add(a_fill(beta, "2000", "40000"))
        await uow.commit()
    async with uow_factory() as uow:
        await uow.fills.add(a_fill(beta, "500", "40000"))
        await uow.rollback()  # never committed: not in a total
    async with uow_factory() as uow:
        totals = await uow.fills.strategy_totals()
    assert {(t.strategy_id, t.instrument_key, t.quantity) for t in totals} == {
        ("alpha", alpha.instrument_key, Decimal("1.75")),
        ("beta", INVERSE, Decimal(-2000)),
    }


async def test_strategy_fills_of_some_instruments_leave_the_others_out(
    uow_factory: UowFactory,
) -> None:
    linear = an_order().buy("1").build()
    inverse = an_order().sell("100").on(INVERSE).build()
    async with uow_factory() as uow:
        await uow.orders.add(linear)
        await uow.orders.add(inverse)
        await uow.fills.add(a_fill(linear, "1", "30000"))
        await uow.fills.add(a_fill(inverse, "100", "40000"))
        await uow.commit()
    async with uow_factory() as uow:
        only_inverse = await uow.fills.strategy_fills([INVERSE])
        none = await uow.fills.strategy_fills([])
    assert [s.fill.instrument_key for s in only_inverse] == [INVERSE]
    assert none == []


async def test_order_fill_and_position_commit_together_or_not_at_all(
    uow_factory: UowFactory,
) -> None:
    order = an_order().build()
    async with uow_factory() as uow:
        await uow.orders.add(order)
        await uow.fills.add(a_fill(order, "1", "30000", trade_id="atomic"))
        await uow.positions.save(a_position(BINANCE_FUTURES="1"))
        await uow.rollback()
    async with uow_factory() as uow:
        assert await uow.orders.get(order.operation_id) is None
        assert await uow.fills.for_order(order.operation_id) == []
        assert await uow.positions.list() == []


async def test_positions_round_trip_per_venue(uow_factory: UowFactory) -> None:
    position = a_position(BINANCE_FUTURES="2", BYBIT="-0.5")
    async with uow_factory() as uow:
        await uow.positions.save(position)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.positions.get(position.instrument_key)
        listed = await uow.positions.list()
    assert stored is not None
    assert stored.aggregated_quantity == Decimal("1.5")
    assert {v: p.quantity for v, p in stored.venues.items()} == {
        "BINANCE-FUTURES": Decimal(2),
        "BYBIT": Decimal("-0.5"),
    }
    assert [p.instrument_key for p in listed] == [position.instrument_key]


async def test_orders_are_listed_by_status_strategy_and_parent(uow_factory: UowFactory) -> None:
    parent = an_order().with_id("parent").build()
    child = an_order().with_id("parent/A0").child_of("parent").for_strategy("beta").build()
    other = an_order().with_id("other").build()
    other.reject(reason="no", at=T0)
    async with uow_factory() as uow:
        for order in (parent, child, other):
            await uow.orders.add(order)
        await uow.commit()
    async with uow_factory() as uow:
        rejected = await uow.orders.list(status=OrderStatus.REJECTED)
        children = await uow.orders.list(parent_operation_id="parent")
        beta = await uow.orders.list(strategy_id="beta")
        open_orders = await uow.orders.list(open_only=True)
    assert [o.operation_id for o in rejected] == ["other"]
    assert [o.operation_id for o in children] == ["parent/A0"]
    assert [o.operation_id for o in beta] == ["parent/A0"]
    assert {o.operation_id for o in open_orders} == {"parent", "parent/A0"}
