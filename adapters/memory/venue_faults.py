"""Injectable failures for the simulated venue."""

from __future__ import annotations

import attrs

from domain.errors import VenueError


@attrs.define
class FaultPlan:
    """Failures to inject: the next N submits fail, the venue is down, rejections."""

    down: bool = False
    failing_submits: int = 0
    failure_code: str = "UNAVAILABLE"
    failure_retryable: bool = True
    reject_reason: str | None = None
    submit_calls: int = 0

    def fail_next(self, count: int, *, code: str = "UNAVAILABLE", retryable: bool = True) -> None:
        self.failing_submits, self.failure_code, self.failure_retryable = count, code, retryable

    def before_submit(self, venue: str, *, connected: bool) -> None:
        self.submit_calls += 1
        if self.down or not connected:
            raise VenueError(venue, "DOWN", "venue is not reachable", retryable=True)
        if self.reject_reason is not None:
            raise VenueError(venue, "REJECTED", self.reject_reason, retryable=False)
        if self.failing_submits > 0:
            self.failing_submits -= 1
            raise VenueError(
                venue, self.failure_code, "injected failure", retryable=self.failure_retryable
            )

    def before_cancel(self, venue: str, *, connected: bool) -> None:
        if self.down or not connected:
            raise VenueError(venue, "DOWN", "venue is not reachable", retryable=True)
