"""A restart keeps what each strategy holds: the next signal moves from it, not from zero."""

from __future__ import annotations

from decimal import Decimal

from tests.backtest import tiny_market as tm
from tests.unit.application.desk import BTC, VENUES, a_desk, restarted, venue


async def test_the_same_target_after_a_restart_sends_nothing() -> None:
    before = await a_desk()
    first = await before.core.execute_signal()(tm.signal(1, 1, "1.5", key=BTC))
    assert first.result is not None
    assert sum(f.quantity for f in first.result.fills) == Decimal("1.5")
    after = await restarted(before)
    await after.core.reconciliation().run()
    sent = sum(len(venue(after, v).submitted) for v in VENUES)

    again = await after.core.execute_signal()(tm.signal(2, 2, "1.5", key=BTC))

    assert again.result is None  # already there
    assert sum(len(venue(after, v).submitted) for v in VENUES) == sent


async def test_a_reduction_after_a_restart_sells_only_the_difference() -> None:
    before = await a_desk()
    await before.core.execute_signal()(tm.signal(1, 1, "2", key=BTC))
    after = await restarted(before)
    await after.core.reconciliation().run()

    reduced = await after.core.execute_signal()(tm.signal(2, 2, "0.5", key=BTC))

    assert reduced.result is not None
    assert sum(f.quantity for f in reduced.result.fills) == Decimal("1.5")
    assert after.core.exposure().filled_position("alpha", BTC).venue == Decimal("0.5")
