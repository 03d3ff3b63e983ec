"""Submitting one order to one venue: retries, and the venue asked before any re-send."""

from __future__ import annotations

import logging

from application.execution.retry import RetryPolicy
from application.execution.venue_registry import VenueRegistry
from application.oms.order_tracking import OrderTracking
from application.oms.unified_oms import UnifiedOMS
from application.oms.venue_adoption import adopt_venue_order
from application.routing.circuit_breaker import CircuitBreakers
from domain.enums import OrderStatus
from domain.errors import VenueError, VenueNotReached, VenueOutcomeUnknown
from domain.order import Order
from domain.venue import Venue
from domain.venue_state import VenueOrderState
from ports.clock import Clock
from ports.event_publisher import EventPublisher
from ports.execution_venue import ExecutionVenue

log = logging.getLogger(__name__)


class _Unknown:
    """The venue could not be asked: whether it holds the order is not known."""


UNKNOWN = _Unknown()


class VenueSubmission:
    """Sends an order to a venue with retries. Only a definite refusal rejects it; an answer
    that may hide a placed order leads to asking the venue by client order id, adopting what
    it holds, or keeping the order SUBMITTED (outcome unknown) when it cannot be asked."""

    def __init__(
        self,
        *,
        oms: UnifiedOMS,
        tracking: OrderTracking,
        venues: VenueRegistry,
        breakers: CircuitBreakers,
        clock: Clock,
        publisher: EventPublisher,
        retry: RetryPolicy,
    ) -> None:
        self.oms, self.tracking, self.venues = oms, tracking, venues
        self.breakers, self.clock, self.publisher, self.retry = breakers, clock, publisher, retry

    async def submit(self, order: Order, venue_id: str) -> str | None:
        """None when the venue took the order, definitely refused it, or may hold it (then
        it stays SUBMITTED until the venue is asked); else why to reroute. An error after
        which the order may be live is never followed by a re-send before the venue was
        asked by client order id, and never by a reroute unless the venue says it has none."""
        adapter = self.venues.get(venue_id)
        policy = self.retry
        error: VenueError | None = None
        maybe_sent = False
        for attempt in range(1, policy.max_attempts + 1):
            delay = policy.delay_before(attempt)
            if delay:
                await self.clock.sleep(delay)
            if maybe_sent and await self._found_at_venue(order, adapter, error):
                return None
            if not self.breakers.allows(venue_id):
                error = VenueNotReached(
                    venue_id, "BREAKER", f"circuit breaker {self.breakers.state(venue_id)}"
                )
                break
            self.breakers.before_call(venue_id)
            self._mark_submitted(order, adapter.venue)
            try:
                ack = await adapter.submit(order)
            except VenueOutcomeUnknown as unknown:
                self.breakers.record_failure(venue_id)
                await self._outcome_unknown(order, unknown)
                return None
            except VenueError as failure:
                error = failure
                self.breakers.record_failure(venue_id)
                log.warning("submit %s to %s failed: %s", order.client_order_id, venue_id, failure)
                if isinstance(failure, VenueNotReached):
                    continue  # nothing left this process: nothing can be live
                maybe_sent = True
                if not failure.retryable:
                    if not await self._found_at_venue(order, adapter, failure):
                        await self._reject(order, f"{failure.code}: {failure.message}")
                    return None
                continue
            self.breakers.record_success(venue_id)
            await self.tracking.on_ack(order, ack)
            return None
        if maybe_sent and await self._found_at_venue(order, adapter, error):
            return None
        return f"{venue_id} [{error.code}] {error.message}" if error else f"{venue_id} failed"

    async def _found_at_venue(
        self, order: Order, adapter: ExecutionVenue, error: VenueError | None
    ) -> bool:
        """Ask the venue for the order by client order id: adopt it when it is there, keep
        it SUBMITTED (outcome unknown) when the venue cannot be asked. False only when the
        venue says it has no such order (then a re-send or a reroute is safe)."""
        state = await self._ask(adapter, order)
        if state is None:
            return False
        if isinstance(state, _Unknown):
            reason = error or VenueOutcomeUnknown(adapter.venue.venue_id, "UNKNOWN", "no answer")
            await self._outcome_unknown(order, reason)
            return True
        await adopt_venue_order(
            order, adapter, state, tracking=self.tracking, clock=self.clock, note="ADOPTED"
        )
        return True

    async def _ask(
        self, adapter: ExecutionVenue, order: Order
    ) -> VenueOrderState | _Unknown | None:
        try:
            return await adapter.order_status(order.client_order_id)
        except VenueError as failure:
            log.warning(
                "cannot ask %s for %s: %s", adapter.venue.venue_id, order.client_order_id, failure
            )
            return UNKNOWN

    async def _outcome_unknown(self, order: Order, error: VenueError) -> None:
        order.explain(
            f"OUTCOME_UNKNOWN: {error.venue} [{error.code}] {error.message}; the order may be "
            "live there and is not sent anywhere else until the venue has been asked"
        )
        await self.oms.save(order)
        self.tracking.outcome_unknown(order)
        self.publisher.publish("order.outcome_unknown", order)

    def _mark_submitted(self, order: Order, venue: Venue) -> None:
        move = order.submit if order.status is OrderStatus.PENDING else order.reroute
        move(
            venue=venue.venue_id,
            venue_type=venue.kind,
            at=self.clock.now(),
            listing=venue.listing_for(order.instrument_key),
        )

    async def _reject(self, order: Order, reason: str) -> None:
        if order.is_open:
            order.reject(reason=reason, at=self.clock.now())
        await self.tracking.order_closed(order)
