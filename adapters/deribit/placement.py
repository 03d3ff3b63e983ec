"""Placing an order at Deribit so that no answer, lost or wrong, ever doubles it: every
uncertain outcome is settled by asking for the order by its label before any re-send."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from adapters.deribit import mapping
from adapters.deribit.attempt import Uncertain, send_once
from adapters.deribit.errors import outcome_unknown
from adapters.deribit.journal import EventJournal
from adapters.deribit.session import DeribitSession
from domain.errors import VenueError
from domain.ids import ClientOrderId
from domain.order import Order
from domain.venue_state import SubmitAck

log = logging.getLogger(__name__)

# Deribit's order JSON for a label, or None when Deribit says it has no such order.
FindByLabel = Callable[[ClientOrderId, str | None], Awaitable[dict[str, Any] | None]]


class OrderPlacement:
    """`submit` sends `private/buy`/`sell` with our client order id as the label. A definite
    refusal is final at once. Any other error, a timeout or a socket dropped mid-request
    may hide a placed order: Deribit is asked by label first; an order found is adopted
    (with its fills), a re-send happens only when Deribit says there is none, and when
    Deribit cannot be asked the outcome is `VenueOutcomeUnknown`."""

    def __init__(
        self,
        session: DeribitSession,
        journal: EventJournal,
        *,
        venue_id: str,
        max_attempts: int,
        find: FindByLabel,
    ) -> None:
        self._session, self._journal, self._venue = session, journal, venue_id
        self._attempts, self._find = max_attempts, find
        self._uncertain: set[ClientOrderId] = set()
        self.adopted = 0

    async def submit(self, order: Order, method: str, params: dict[str, Any]) -> SubmitAck:
        cid = order.client_order_id
        if cid in self._uncertain:  # an earlier submit of it ended without an answer
            found = await self._ask(order, method, "an earlier attempt had no answer")
            if found is not None:
                return await self._adopt(found)
        failure: VenueError | None = None
        for attempt in range(1, self._attempts + 1):
            if attempt > 1:
                await self._session.pause(attempt - 1)
            sent = await send_once(self._session, self._venue, method, params)
            if not isinstance(sent, Uncertain):
                self._uncertain.discard(cid)
                return self.accept(sent)
            failure = sent.failure
            found = await self._ask(order, method, sent.cause)
            if found is not None:
                return await self._adopt(found)
            if not failure.retryable:
                raise failure  # a final code, and Deribit confirms no order was placed
            log.info("Deribit %s for %s: %s, no such order; sending again", method, cid, sent.cause)
        assert failure is not None
        raise failure

    def accept(self, result: dict[str, Any]) -> SubmitAck:
        """Deribit's answer to buy/sell/edit: its trades and order into the journal."""
        trades = result.get("trades") or []
        for trade in trades:
            self._journal.trade(trade)
        self._journal.order(result["order"])
        fills = tuple(self._journal.fill_event(trade).fill for trade in trades)
        return mapping.ack_of(result["order"], fills)

    async def _ask(self, order: Order, method: str, cause: str) -> dict[str, Any] | None:
        cid = order.client_order_id
        self._uncertain.add(cid)
        try:
            found = await self._find(cid, order.listing)
        except VenueError as unreachable:
            raise outcome_unknown(
                self._venue, method, f"{cause}; asking by label failed: {unreachable.message}"
            ) from None
        if found is None:
            self._uncertain.discard(cid)
        return found

    async def _adopt(self, data: dict[str, Any]) -> SubmitAck:
        """The order Deribit holds under our label, with the fills it already has."""
        cid = mapping.client_order_id_of(data)
        self._uncertain.discard(cid)
        self.adopted += 1
        log.info("Deribit already holds %s as %s: adopted, not sent again", cid, data["order_id"])
        trades: list[dict[str, Any]] = []
        if mapping.filled_of(data) > 0:
            params = {"order_id": str(data["order_id"]), "sorting": "asc"}
            try:
                trades = await self._session.call(
                    "private/get_user_trades_by_order", params, query=True
                )
            except VenueError as failure:  # the stream or reconciliation brings them later
                log.warning("trades of adopted order %s not read: %s", cid, failure)
        return self.accept({"order": data, "trades": trades})
