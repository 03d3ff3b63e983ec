"""PostgreSQL guarantees beyond the shared contract: versions under concurrency, group
commit isolation, fills stored once end to end, order and position in one transaction."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from decimal import Decimal

import psycopg
import pytest

from adapters.postgres.config import PostgresConfig
from adapters.postgres.store import PostgresStore
from adapters.postgres.unit_of_work import PostgresUnitOfWorkFactory
from domain.enums import VenueKind
from domain.errors import ConcurrentUpdate
from domain.fill import Fill
from domain.order import Order
from domain.unified_position import UnifiedPosition
from domain.venue_events import OrderFilled
from tests.builders import T0, a_fill, an_order
from tests.postgres.live_container import BTC, VENUE, buy, live_container, simulated

pytestmark = pytest.mark.postgres


@pytest.fixture
async def uow_factory(postgres_url: str) -> AsyncIterator[PostgresUnitOfWorkFactory]:
    store = PostgresStore(PostgresConfig(url=postgres_url))
    try:
        yield PostgresUnitOfWorkFactory(store)
    finally:
        await store.close()


async def _stored(factory: PostgresUnitOfWorkFactory, order: Order) -> None:
    async with factory() as uow:
        await uow.orders.add(order)
        await uow.commit()


async def _update(factory: PostgresUnitOfWorkFactory, order: Order) -> None:
    async with factory() as uow:
        await uow.orders.update(order)
        await uow.commit()


async def test_concurrent_updates_of_one_order_one_wins(
    uow_factory: PostgresUnitOfWorkFactory,
) -> None:
    order = an_order().build()
    await _stored(uow_factory, order)
    async with uow_factory() as uow:
        first, second = (
            await uow.orders.get(order.operation_id),
            await uow.orders.get(order.operation_id),
        )
    assert first is not None
    assert second is not None
    first.submit(venue=VENUE, venue_type=VenueKind.SIMULATED, at=T0)
    second.cancel(at=T0)
    outcomes = await asyncio.gather(
        _update(uow_factory, first), _update(uow_factory, second), return_exceptions=True
    )
    assert outcomes[0] is None
    assert isinstance(outcomes[1], ConcurrentUpdate)
    async with uow_factory() as uow:
        stored = await uow.orders.get(order.operation_id)
    assert stored is not None
    assert (stored.status.value, stored.version) == ("SUBMITTED", 1)


async def test_one_conflict_in_a_group_commit_fails_only_its_own_unit(
    uow_factory: PostgresUnitOfWorkFactory,
) -> None:
    taken = an_order().with_id("taken").build()
    await _stored(uow_factory, taken)
    orders = [an_order().with_id(f"group-{n}").build() for n in range(20)]
    duplicate = an_order().with_id("taken").build()
    outcomes = await asyncio.gather(
        *(_stored(uow_factory, o) for o in [*orders[:10], duplicate, *orders[10:]]),
        return_exceptions=True,
    )
    assert [type(o).__name__ for o in outcomes].count("ConcurrentUpdate") == 1
    assert isinstance(outcomes[10], ConcurrentUpdate)
    async with uow_factory() as uow:
        stored = await uow.orders.list()
    assert len(stored) == 21
    commits = uow_factory.commits
    assert commits.requests == 22
    assert commits.batches < commits.requests  # concurrent commits shared transactions


async def test_a_stale_order_rolls_back_its_fill_and_position(
    uow_factory: PostgresUnitOfWorkFactory, postgres_url: str
) -> None:
    order = an_order().buy("2").build()
    await _stored(uow_factory, order)
    order.submit(venue=VENUE, venue_type=VenueKind.SIMULATED, at=T0)
    with psycopg.connect(postgres_url) as conn:  # another writer moved the version on
        conn.execute("UPDATE unified_orders SET version = version + 1")
    with pytest.raises(ConcurrentUpdate):
        await _fill_with_position(uow_factory, order, a_fill(order, "1", "30000", venue=VENUE))
    async with uow_factory() as uow:
        assert await uow.fills.for_order(order.operation_id) == []
        assert await uow.positions.list() == []


async def _fill_with_position(factory: PostgresUnitOfWorkFactory, order: Order, fill: Fill) -> None:
    """What the OMS does for a fill: fill, order and position in one unit of work."""
    position = UnifiedPosition(instrument_key=order.instrument_key, base_asset="BTC")
    position.at(VENUE, VenueKind.SIMULATED).apply(fill.side, fill.quantity, fill.price)
    async with factory() as uow:
        assert await uow.fills.add(fill)
        order.apply_fill(fill, at=T0)
        await uow.orders.update(order)
        await uow.positions.save(position)
        await uow.commit()


async def test_a_replayed_fill_changes_nothing_even_after_a_restart(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    container = live_container(postgres_url, monkeypatch)
    pump = container.core.event_pump()
    await pump.start()  # the venue echoes every fill its ack already carried
    result = await container.core.orchestrator().execute(buy("replay-1", "2"))
    await asyncio.sleep(0.1)
    await pump.stop()
    await container.infra.database().close()
    echoed = OrderFilled(
        venue=VENUE, client_order_id=_client_id(postgres_url), fill=result.fills[0]
    )

    restarted = live_container(postgres_url, monkeypatch)
    await restarted.core.reconciliation().run()
    before = _snapshot(postgres_url)
    await restarted.core.tracking().on_event(echoed)
    await restarted.core.tracking().on_event(echoed)
    await restarted.infra.database().close()
    assert before == _snapshot(postgres_url)
    assert before == (1, Decimal(2), 1, "2")
    assert simulated(container).submitted == [_client_id(postgres_url)]


def _client_id(url: str) -> str:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT client_order_id FROM unified_orders").fetchone()
    assert row is not None
    return str(row[0])


def _snapshot(url: str) -> tuple[object, ...]:
    with psycopg.connect(url) as conn:
        fills = conn.execute("SELECT count(*), sum(quantity) FROM unified_fills").fetchone()
        version = conn.execute("SELECT version FROM unified_orders").fetchone()
        position = conn.execute(
            "SELECT venue_positions ->> %s FROM unified_positions WHERE canonical_id = %s",
            (VENUE, BTC),
        ).fetchone()
    assert fills is not None
    assert version is not None
    assert position is not None
    return (fills[0], fills[1].normalize(), version[0], position[0])


async def test_commits_that_build_on_each_other_land_in_order(
    uow_factory: PostgresUnitOfWorkFactory,
) -> None:
    order = an_order().buy("3").build()
    await _stored(uow_factory, order)
    order.submit(venue=VENUE, venue_type=VenueKind.SIMULATED, at=T0)
    fills = [a_fill(order, "1", str(30000 + n), venue=VENUE) for n in range(3)]
    units = []
    for fill in fills:  # each unit stages the next version of the same order and position
        uow = uow_factory()
        assert await uow.fills.add(fill)
        order.apply_fill(fill, at=T0)
        await uow.orders.update(order)
        position = UnifiedPosition(instrument_key=order.instrument_key, base_asset="BTC")
        position.at(VENUE, VenueKind.SIMULATED).apply(fill.side, order.filled_quantity, fill.price)
        await uow.positions.save(position)
        units.append(uow)
    await asyncio.gather(*(uow.commit() for uow in units))  # one tick, three lanes free
    async with uow_factory() as uow:
        stored = await uow.orders.get(order.operation_id)
        stored_position = await uow.positions.get(order.instrument_key)
    assert stored is not None
    assert (stored.version, stored.filled_quantity) == (3, Decimal(3))
    assert stored_position is not None
    assert stored_position.aggregated_quantity == Decimal(3)  # the last snapshot won
