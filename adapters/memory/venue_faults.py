"""Injectable failures for the simulated venue, including ones that strike after the work."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from domain.errors import VenueError, VenueNotReached, VenueOutcomeUnknown


@attrs.define
class FaultPlan:
    """Failures to inject: the next N submits fail before (or after) the venue did the work,
    the venue is down, rejections, status queries that fail."""

    down: bool = False
    failing_submits: int = 0
    failure_code: str = "UNAVAILABLE"
    failure_retryable: bool = True
    reject_reason: str | None = None
    submit_calls: int = 0
    # The venue placed the order, then the answer is this error (or lost) for N submits.
    errors_after_work: int = 0
    after_work_code: str = "11094"
    after_work_retryable: bool = True
    answer_lost: bool = False
    queries_fail: bool = False
    # Something else that goes wrong while the venue works (e.g. the database dies).
    during_submit: Callable[[], None] | None = None

    def fail_next(self, count: int, *, code: str = "UNAVAILABLE", retryable: bool = True) -> None:
        self.failing_submits, self.failure_code, self.failure_retryable = count, code, retryable

    def error_after_work(
        self, count: int, *, code: str = "11094", retryable: bool = True, lost: bool = False
    ) -> None:
        """The next `count` submits are placed at the venue, then answered with an error
        (`lost`: the answer never comes back, as the adapter would report it)."""
        self.errors_after_work, self.after_work_code = count, code
        self.after_work_retryable, self.answer_lost = retryable, lost

    def before_submit(self, venue: str, *, connected: bool) -> None:
        self.submit_calls += 1
        if self.down or not connected:
            raise VenueNotReached(venue, "DOWN", "venue is not reachable")
        if self.reject_reason is not None:
            raise VenueError(venue, "REJECTED", self.reject_reason, retryable=False)
        if self.failing_submits > 0:
            self.failing_submits -= 1
            raise VenueError(
                venue, self.failure_code, "injected failure", retryable=self.failure_retryable
            )

    def after_submit(self, venue: str) -> None:
        if self.during_submit is not None:
            self.during_submit()
        if self.errors_after_work <= 0:
            return
        self.errors_after_work -= 1
        if self.answer_lost:
            raise VenueOutcomeUnknown(venue, "LOST", "the answer to the submit was lost")
        raise VenueError(
            venue,
            self.after_work_code,
            "injected error after the order was placed",
            retryable=self.after_work_retryable,
        )

    def before_query(self, venue: str, *, connected: bool) -> None:
        if self.down or not connected or self.queries_fail:
            raise VenueNotReached(venue, "DOWN", "venue is not reachable")

    def before_cancel(self, venue: str, *, connected: bool) -> None:
        if self.down or not connected:
            raise VenueNotReached(venue, "DOWN", "venue is not reachable")
