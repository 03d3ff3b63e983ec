"""The client-side credit limiter, on simulated time."""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.deribit.config import CreditLimits
from adapters.deribit.credits import CreditLimiter, CreditPool
from adapters.memory.clock import ControllableClock

NS = 1_000_000_000


async def test_a_burst_up_to_capacity_passes_then_requests_wait_for_refill() -> None:
    clock = ControllableClock()
    pool = CreditPool(capacity=1_000, refill_per_second=500, clock=clock)
    for _ in range(2):
        await pool.take(500)
    assert pool.available() == 0

    third = asyncio.create_task(pool.take(500))
    await clock.advance(0.5)
    assert not third.done()
    await clock.advance(0.5)
    assert third.done()


async def test_refill_never_exceeds_capacity() -> None:
    clock = ControllableClock()
    pool = CreditPool(capacity=1_000, refill_per_second=500, clock=clock)
    await pool.take(1_000)

    await clock.advance(60)

    assert pool.available() == 1_000


async def test_matching_engine_requests_draw_on_their_own_pool() -> None:
    clock = ControllableClock()
    limiter = CreditLimiter(CreditLimits(matching_cost=500, matching_capacity=500), clock)

    await limiter.acquire("private/buy")
    await limiter.acquire("private/get_positions")

    assert limiter.matching.available() == 0
    assert limiter.non_matching.available() == 50_000 - 500


async def test_too_many_requests_empties_the_pool_so_the_next_call_waits() -> None:
    clock = ControllableClock()
    limiter = CreditLimiter(CreditLimits(), clock)

    limiter.back_off("private/sell")
    waiting = asyncio.create_task(limiter.acquire("private/sell"))
    await clock.advance(0.1)
    assert not waiting.done()
    await clock.advance(0.1)  # 500 credits at 2 500/s: 0.2 s

    assert waiting.done()
    assert limiter.backoffs == 1


@settings(max_examples=60, deadline=None)
@given(
    capacity=st.integers(1, 5_000),
    refill=st.integers(1, 5_000),
    costs=st.lists(st.integers(1, 5_000), min_size=1, max_size=30),
)
def test_credits_granted_never_exceed_capacity_plus_refill(
    capacity: int, refill: int, costs: list[int]
) -> None:
    costs = [min(cost, capacity) for cost in costs]

    step = capacity / refill / 2  # half a full refill: few steps, whatever the rates

    async def run() -> tuple[int, int]:
        clock = ControllableClock()
        start = clock.now_ns()
        pool = CreditPool(capacity=capacity, refill_per_second=refill, clock=clock)
        taker = asyncio.create_task(_take_all(pool, costs))
        await asyncio.sleep(0)  # let it spend what is there before time moves
        while not taker.done():
            await clock.advance(step)
        return sum(costs), clock.now_ns() - start

    spent, elapsed_ns = asyncio.run(run())
    # Never more than the pool held plus what refilled; and no longer than needed (+ clock steps).
    assert spent * NS <= capacity * NS + elapsed_ns * refill
    assert elapsed_ns <= max(0, spent - capacity) * NS / refill + 2 * step * NS


async def _take_all(pool: CreditPool, costs: list[int]) -> None:
    for cost in costs:
        await pool.take(cost)
