"""Cancelling an order at Deribit when answers can be lost or wrong: an uncertain outcome is
settled by reading the order's state before any re-send or error."""

from __future__ import annotations

import logging
from typing import Any

from adapters.deribit.attempt import Uncertain, send_once
from adapters.deribit.errors import outcome_unknown
from adapters.deribit.journal import OPEN_STATES, EventJournal
from adapters.deribit.session import DeribitSession
from domain.errors import VenueError

log = logging.getLogger(__name__)
METHOD = "private/cancel"


class OrderCancellation:
    """`cancel(order_id)`: done when Deribit says the order is cancelled, by the answer or,
    after an error or a lost answer, by `private/get_order_state`; a final error when it
    ended otherwise (filled); `VenueOutcomeUnknown` when Deribit cannot be asked."""

    def __init__(
        self, session: DeribitSession, journal: EventJournal, *, venue_id: str, max_attempts: int
    ) -> None:
        self._session, self._journal = session, journal
        self._venue, self._attempts = venue_id, max_attempts

    async def cancel(self, order_id: str) -> None:
        failure: VenueError | None = None
        for attempt in range(1, self._attempts + 1):
            if attempt > 1:
                await self._session.pause(attempt - 1)
            sent = await send_once(self._session, self._venue, METHOD, {"order_id": order_id})
            if not isinstance(sent, Uncertain):
                await self._settle(sent)
                return
            failure = sent.failure
            state = await self._state(order_id, sent.cause)
            if state.get("order_state") not in OPEN_STATES:
                await self._settle(state)
                if state.get("order_state") in ("cancelled", "archive"):
                    return
                raise VenueError(
                    self._venue,
                    "10010",
                    f"order is already closed ({state.get('order_state')})",
                    retryable=False,
                )
            if not failure.retryable:
                raise failure
        assert failure is not None
        raise failure

    async def _settle(self, ended: dict[str, Any]) -> None:
        """The ended order into the journal, with the trades it has that the stream has not
        brought (an order that filled before the cancel reached it: Deribit refuses the
        cancel, and its fills may still be on their way or lost with a notification)."""
        if self._journal.lacks_fills(ended):
            params = {"order_id": str(ended["order_id"]), "sorting": "asc"}
            try:
                trades = await self._session.call(
                    "private/get_user_trades_by_order", params, query=True
                )
            except VenueError as failure:  # the stream or the next recovery brings them
                log.warning("trades of ended order %s not read: %s", ended["order_id"], failure)
                trades = []
            for trade in trades:
                self._journal.trade(trade)
        self._journal.order(ended)

    async def _state(self, order_id: str, cause: str) -> dict[str, Any]:
        params = {"order_id": order_id}
        try:
            return dict(await self._session.call("private/get_order_state", params, query=True))
        except VenueError as unreachable:
            raise outcome_unknown(
                self._venue, METHOD, f"{cause}; reading the order failed: {unreachable.message}"
            ) from None
