"""Contract of the Clock port, for the controllable and the system clock."""

from __future__ import annotations

import asyncio
from datetime import UTC

import pytest

from adapters.memory.clock import ControllableClock
from adapters.system.clock import SystemClock
from ports.clock import Clock


@pytest.fixture(params=["controllable", "system"])
def clock(request: pytest.FixtureRequest) -> Clock:
    return ControllableClock() if request.param == "controllable" else SystemClock()


async def _sleep_a_little(clock: Clock) -> None:
    if isinstance(clock, ControllableClock):
        sleeper = asyncio.create_task(clock.sleep(0.01))
        await asyncio.sleep(0)
        await clock.advance(0.01)
        await sleeper
    else:
        await clock.sleep(0.01)


def test_now_is_utc_and_agrees_with_now_ns(clock: Clock) -> None:
    now, ns = clock.now(), clock.now_ns()
    assert now.tzinfo == UTC
    assert abs(now.timestamp() * 1e9 - ns) < 1e9


async def test_time_moves_forward_by_at_least_the_sleep(clock: Clock) -> None:
    before = clock.now_ns()
    await _sleep_a_little(clock)
    assert clock.now_ns() - before >= 10_000_000


async def test_controllable_sleepers_wake_in_order_only_when_time_passes() -> None:
    clock = ControllableClock()
    woke: list[str] = []

    async def sleeper(name: str, seconds: float) -> None:
        await clock.sleep(seconds)
        woke.append(name)

    tasks = [asyncio.create_task(sleeper("late", 2)), asyncio.create_task(sleeper("early", 1))]
    await asyncio.sleep(0)
    assert clock.pending_sleepers == 2
    await clock.advance(0.5)
    assert woke == []
    await clock.advance(2)
    await asyncio.gather(*tasks)
    assert woke == ["early", "late"]
