"""Per-venue circuit breakers: stop sending to a venue that keeps failing, probe it later."""

from __future__ import annotations

from enum import StrEnum

import attrs

from ports.clock import Clock

NS = 1_000_000_000


class BreakerState(StrEnum):
    CLOSED = "CLOSED"
    OPEN = "OPEN"
    HALF_OPEN = "HALF_OPEN"


@attrs.frozen(kw_only=True)
class BreakerSettings:
    failure_threshold: int = 3
    cooldown_seconds: float = 5.0


@attrs.define
class _Breaker:
    state: BreakerState = BreakerState.CLOSED
    consecutive_failures: int = 0
    opened_at_ns: int = 0
    total_failures: int = 0
    probe_in_flight: bool = False


class CircuitBreakers:
    """CLOSED -> OPEN after N consecutive failures; OPEN -> HALF_OPEN after a cooldown;
    one probe in HALF_OPEN closes the breaker on success or reopens it on failure."""

    def __init__(self, clock: Clock, settings: BreakerSettings | None = None) -> None:
        self._clock = clock
        self._settings = settings or BreakerSettings()
        self._breakers: dict[str, _Breaker] = {}

    def _get(self, venue: str) -> _Breaker:
        breaker = self._breakers.get(venue)
        if breaker is None:
            breaker = self._breakers[venue] = _Breaker()
        return breaker

    def state(self, venue: str) -> BreakerState:
        breaker = self._get(venue)
        if breaker.state is BreakerState.OPEN:
            elapsed = self._clock.now_ns() - breaker.opened_at_ns
            if elapsed >= self._settings.cooldown_seconds * NS:
                breaker.state = BreakerState.HALF_OPEN
                breaker.probe_in_flight = False
        return breaker.state

    def allows(self, venue: str) -> bool:
        """Whether an order may be sent now (in HALF_OPEN only the one probe may)."""
        state = self.state(venue)
        if state is BreakerState.CLOSED:
            return True
        breaker = self._get(venue)
        return state is BreakerState.HALF_OPEN and not breaker.probe_in_flight

    def before_call(self, venue: str) -> None:
        breaker = self._get(venue)
        if self.state(venue) is BreakerState.HALF_OPEN:
            breaker.probe_in_flight = True

    def record_success(self, venue: str) -> None:
        breaker = self._get(venue)
        breaker.state = BreakerState.CLOSED
        breaker.consecutive_failures = 0
        breaker.probe_in_flight = False

    def record_failure(self, venue: str) -> None:
        breaker = self._get(venue)
        breaker.consecutive_failures += 1
        breaker.total_failures += 1
        reopen = breaker.state is BreakerState.HALF_OPEN
        if reopen or breaker.consecutive_failures >= self._settings.failure_threshold:
            breaker.state = BreakerState.OPEN
            breaker.opened_at_ns = self._clock.now_ns()
            breaker.probe_in_flight = False

    def consecutive_failures(self, venue: str) -> int:
        return self._get(venue).consecutive_failures

    def snapshot(self) -> dict[str, BreakerState]:
        return {venue: self.state(venue) for venue in self._breakers}
