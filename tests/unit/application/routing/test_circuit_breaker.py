"""CircuitBreakers: open after N consecutive failures, half-open after the cooldown, one probe."""

from __future__ import annotations

from adapters.memory.clock import ControllableClock
from application.routing.circuit_breaker import BreakerSettings, BreakerState, CircuitBreakers

VENUE = "BYBIT"


def breakers(clock: ControllableClock) -> CircuitBreakers:
    return CircuitBreakers(clock, BreakerSettings(failure_threshold=3, cooldown_seconds=5))


def test_the_breaker_opens_at_the_threshold_and_not_before() -> None:
    board = breakers(ControllableClock())
    board.record_failure(VENUE)
    board.record_failure(VENUE)
    assert board.state(VENUE) is BreakerState.CLOSED
    assert board.allows(VENUE)
    board.record_failure(VENUE)
    assert board.state(VENUE) is BreakerState.OPEN
    assert not board.allows(VENUE)
    assert board.allows("BINANCE-FUTURES")  # each venue has its own


def test_a_success_resets_the_consecutive_count() -> None:
    board = breakers(ControllableClock())
    board.record_failure(VENUE)
    board.record_failure(VENUE)
    board.record_success(VENUE)
    board.record_failure(VENUE)
    board.record_failure(VENUE)
    assert board.state(VENUE) is BreakerState.CLOSED
    assert board.consecutive_failures(VENUE) == 2


async def test_an_open_breaker_half_opens_after_the_cooldown_and_lets_one_probe_through() -> None:
    clock = ControllableClock()
    board = breakers(clock)
    for _ in range(3):
        board.record_failure(VENUE)
    await clock.advance(4.9)
    assert board.state(VENUE) is BreakerState.OPEN
    await clock.advance(0.1)
    assert board.state(VENUE) is BreakerState.HALF_OPEN
    assert board.allows(VENUE)
    board.before_call(VENUE)
    assert not board.allows(VENUE)  # the probe is in flight: nobody else
    board.record_success(VENUE)
    assert board.state(VENUE) is BreakerState.CLOSED
    assert board.allows(VENUE)


async def test_a_failed_probe_reopens_the_breaker_for_a_new_cooldown() -> None:
    clock = ControllableClock()
    board = breakers(clock)
    for _ in range(3):
        board.record_failure(VENUE)
    await clock.advance(5)
    board.before_call(VENUE)
    board.record_failure(VENUE)  # one failure is enough in HALF_OPEN
    assert board.state(VENUE) is BreakerState.OPEN
    await clock.advance(4)
    assert board.state(VENUE) is BreakerState.OPEN  # counted from the reopening
    await clock.advance(1)
    assert board.state(VENUE) is BreakerState.HALF_OPEN


def test_the_snapshot_names_every_venue_seen() -> None:
    board = breakers(ControllableClock())
    for _ in range(3):
        board.record_failure(VENUE)
    board.record_success("BINANCE-FUTURES")
    assert board.snapshot() == {VENUE: BreakerState.OPEN, "BINANCE-FUTURES": BreakerState.CLOSED}
