"""Waiting for a cancelled helper task never swallows the waiter's own cancellation."""

from __future__ import annotations

import asyncio

import pytest

from adapters.deribit.rpc import finished


async def test_a_cancelled_helper_ends_the_wait_quietly() -> None:
    helper = asyncio.create_task(asyncio.sleep(10))
    helper.cancel()
    await finished(helper)
    assert helper.cancelled()


async def test_a_waiter_cancelled_while_it_waits_stays_cancelled() -> None:
    helper = asyncio.create_task(asyncio.sleep(10))

    async def closing() -> str:
        await finished(helper)  # as a supervisor's reconnect closes a session
        return "went on after its own cancel"

    waiter = asyncio.create_task(closing())
    await asyncio.sleep(0)
    waiter.cancel()
    helper.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
