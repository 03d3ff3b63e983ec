"""The external-venue supervisor: reconnect backoff and polling, on simulated time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

from adapters.memory.clock import ControllableClock
from application.external_venues import SupervisionPolicy, VenueSupervisor
from application.external_venues.supervised import SupervisedVenue
from domain.venue_events import OrderCanceled, OrderFilled
from tests.adapters.deribit.flaky_venue import FLAKY_KEY, FlakyVenue
from tests.adapters.deribit.orders import an_order
from tests.adapters.deribit.streams import EventReader

NS = 1_000_000_000
POLICY = SupervisionPolicy(
    poll_interval_seconds=5.0,
    health_check_seconds=1.0,
    backoff_initial_seconds=0.5,
    backoff_multiplier=2.0,
    backoff_max_seconds=3.0,
    trade_lookback_seconds=10.0,
)


@pytest.fixture
def clock() -> ControllableClock:
    return ControllableClock()


@pytest.fixture
def flaky(clock: ControllableClock) -> FlakyVenue:
    return FlakyVenue(clock)


@pytest.fixture
async def supervisor(clock: ControllableClock) -> AsyncIterator[VenueSupervisor]:
    supervisor = VenueSupervisor(clock=clock, policy=POLICY)
    yield supervisor
    await supervisor.stop()


async def run_for(clock: ControllableClock, seconds: float) -> None:
    """Let freshly started tasks reach their first sleep, then move simulated time."""
    for _ in range(5):
        await asyncio.sleep(0)
    await clock.advance(seconds)


def offsets(clock_start_ns: int, times_ns: list[int]) -> list[float]:
    return [(t - clock_start_ns) / NS for t in times_ns]


async def test_failed_connects_are_retried_with_exponential_backoff_up_to_the_cap(
    clock: ControllableClock, flaky: FlakyVenue, supervisor: VenueSupervisor
) -> None:
    start = clock.now_ns()
    flaky.failing_connects = 5
    supervised = supervisor.register(flaky)

    await supervisor.start()
    await run_for(clock, 12)

    assert offsets(start, flaky.connect_times_ns) == [0, 0.5, 1.5, 3.5, 6.5, 9.5]
    assert supervised.connected
    assert (supervised.health.connect_attempts, supervised.health.reconnects) == (6, 1)
    assert supervised.health.last_error is None


async def test_a_dropped_connection_is_restored_at_the_next_health_check_without_backoff(
    clock: ControllableClock, flaky: FlakyVenue, supervisor: VenueSupervisor
) -> None:
    supervisor.register(flaky)
    await supervisor.start()
    await run_for(clock, 2.2)
    start = clock.now_ns()

    flaky.up = False
    flaky.failing_connects = 1
    await run_for(clock, 3)

    # Noticed at the next check (0.8 s on), one failure, then 0.5 s of backoff.
    assert offsets(start, flaky.connect_times_ns[1:]) == pytest.approx([0.8, 1.3])
    assert flaky.connected


async def test_polling_delivers_fills_and_cancels_the_stream_lost_exactly_once(
    clock: ControllableClock, flaky: FlakyVenue, supervisor: VenueSupervisor
) -> None:
    supervised = supervisor.register(flaky)
    await supervisor.start()
    events = EventReader(supervised.events())
    flaky.losing_events = True
    resting = an_order().buy("5").limit("98").on(FLAKY_KEY).build()
    to_cancel = an_order().buy("5").limit("97").on(FLAKY_KEY).build()
    await supervised.submit(resting)
    await supervised.submit(to_cancel)

    await flaky.sim.trade_against(FLAKY_KEY, Decimal(98), Decimal(5))
    await flaky.sim.cancel(to_cancel)
    await run_for(clock, 0.1)
    assert events.seen == []  # the stream lost both

    await run_for(clock, 5)  # first poll
    await run_for(clock, 5)  # second poll finds nothing new
    events.close()

    assert [type(e) for e in events.seen] == [OrderFilled, OrderCanceled]
    assert events.of(OrderFilled)[0].client_order_id == resting.client_order_id
    assert events.of(OrderCanceled)[0].client_order_id == to_cancel.client_order_id
    assert supervised.health.polls == 2
    assert supervised.health.recovered_by_polling == 2


async def test_events_seen_on_the_stream_are_not_repeated_by_polling(
    clock: ControllableClock, flaky: FlakyVenue, supervisor: VenueSupervisor
) -> None:
    supervised = supervisor.register(flaky)
    await supervisor.start()
    events = EventReader(supervised.events())
    order = an_order().buy("5").limit("98").on(FLAKY_KEY).build()
    await supervised.submit(order)

    await flaky.sim.trade_against(FLAKY_KEY, Decimal(98), Decimal(2))
    await run_for(clock, 11)
    events.close()

    assert [type(e) for e in events.seen] == [OrderFilled]
    assert supervised.health.polls == 2
    assert supervised.health.recovered_by_polling == 0


async def test_stop_disconnects_every_venue(
    clock: ControllableClock, flaky: FlakyVenue, supervisor: VenueSupervisor
) -> None:
    supervisor.register(flaky)
    await supervisor.start()

    await supervisor.stop()

    assert not flaky.connected
    assert isinstance(supervisor.get("FLAKY"), SupervisedVenue)
    assert asyncio.all_tasks() == {asyncio.current_task()}
