"""Submits and cancels waiting for the venue's word, answered from the node's events."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import Any

import attrs
from nautilus_trader.model.events import OrderCanceled as NCanceled
from nautilus_trader.model.events import OrderCancelRejected as NCancelRejected
from nautilus_trader.model.events import OrderDenied as NDenied

from adapters.nautilus.live import mapping
from domain.enums import OrderStatus
from domain.errors import VenueError
from domain.fill import Fill
from domain.ids import VenueOrderId
from domain.venue_events import OrderFilled, OrderRejected, VenueEvent
from domain.venue_state import SubmitAck

OrderLookup = Callable[[str], Any]


@attrs.define
class _Awaited:
    venue_id: str
    future: asyncio.Future[Any]
    fills: list[Fill] = attrs.field(factory=list)
    settling: bool = False


class PendingAnswers:
    """A submit is answered at the venue's first word: accepted or filled (with the fills
    reported so far), rejected by the venue or denied by the node's risk engine (raised as
    `VenueError`). A cancel is answered by the cancel, or refused. A repeated call waits
    for the same answer instead of sending again."""

    def __init__(self, lookup: OrderLookup) -> None:
        self.lookup = lookup
        self._submits: dict[str, _Awaited] = {}
        self._cancels: dict[str, _Awaited] = {}

    async def submit(
        self, venue: str, cid: str, send: Callable[[], None], timeout: float
    ) -> SubmitAck:
        awaited = self._submits.get(cid)
        if awaited is None:
            known = self.lookup(cid)
            if known is not None and mapping.status_of(known) is not OrderStatus.SUBMITTED:
                return answer_of(venue, known, ())  # a retried submit the node answered
            awaited = self._submits[cid] = _Awaited(venue, _future())
            if known is None:
                try:
                    send()
                except BaseException:
                    del self._submits[cid]
                    raise
        return await _wait(awaited, f"submit {cid}", timeout)

    async def cancel(self, venue: str, cid: str, send: Callable[[], None], timeout: float) -> None:
        known = self.lookup(cid)
        if known is None:
            raise VenueError(
                venue, "UNKNOWN_ORDER", f"the node holds no order {cid}", retryable=False
            )
        status = mapping.status_of(known)
        if status is OrderStatus.CANCELED:
            return
        if known.is_closed:
            raise VenueError(venue, "CLOSED", f"order {cid} is already {status}", retryable=False)
        awaited = self._cancels.get(cid)
        if awaited is None:
            awaited = self._cancels[cid] = _Awaited(venue, _future())
            send()
        await _wait(awaited, f"cancel {cid}", timeout)

    def on_event(self, cid: str, event: Any, domain: VenueEvent | None) -> None:
        """What the node said about our order `cid` (`domain`: its domain event, if any)."""
        awaited = self._submits.get(cid)
        if awaited is not None and domain is not None:
            self._answer_submit(awaited, cid, event, domain)
        awaited = self._cancels.get(cid)
        if awaited is not None and self._answer_cancel(awaited, cid, event):
            del self._cancels[cid]

    def fail_all(self, error: str) -> None:
        for awaited in [*self._submits.values(), *self._cancels.values()]:
            _fail(awaited, VenueError(awaited.venue_id, "DISCONNECTED", error, retryable=True))
        self._submits.clear()
        self._cancels.clear()

    def _answer_submit(self, awaited: _Awaited, cid: str, event: Any, domain: VenueEvent) -> None:
        if isinstance(domain, OrderFilled):
            awaited.fills.append(domain.fill)
        if isinstance(domain, OrderRejected):
            del self._submits[cid]
            code = "DENIED" if isinstance(event, NDenied) else "REJECTED"
            _fail(awaited, VenueError(awaited.venue_id, code, domain.reason, retryable=False))
        elif not awaited.settling:
            # Answer once the node has handled what the venue said in the same breath
            # (a market order's fills come right after its acceptance).
            awaited.settling = True
            awaited.future.get_loop().call_soon(self._settle, cid)

    def _settle(self, cid: str) -> None:
        awaited = self._submits.pop(cid, None)
        order = self.lookup(cid)
        if awaited is None or awaited.future.done() or order is None:
            return
        try:
            awaited.future.set_result(answer_of(awaited.venue_id, order, awaited.fills))
        except VenueError as refused:
            awaited.future.set_exception(refused)

    def _answer_cancel(self, awaited: _Awaited, cid: str, event: Any) -> bool:
        """True once the cancel has its answer."""
        order = self.lookup(cid)
        venue = awaited.venue_id
        if isinstance(event, NCanceled):
            if not awaited.future.done():
                awaited.future.set_result(None)
        elif isinstance(event, NCancelRejected):
            _fail(awaited, VenueError(venue, "CANCEL_REJECTED", event.reason, retryable=False))
        elif order is not None and order.is_closed:
            status = mapping.status_of(order)
            _fail(awaited, VenueError(venue, "CLOSED", f"order {cid} is {status}", retryable=False))
        else:
            return False
        return True


def answer_of(venue: str, order: Any, fills: Iterable[Fill]) -> SubmitAck:
    """A submit's answer from the node's order as it stands."""
    status = mapping.status_of(order)
    if status is OrderStatus.REJECTED:
        reason = getattr(order.last_event, "reason", "rejected")
        raise VenueError(venue, "REJECTED", reason, retryable=False)
    venue_order_id = VenueOrderId(order.venue_order_id.value if order.venue_order_id else "")
    if status is OrderStatus.SUBMITTED:
        status = OrderStatus.ACCEPTED
    return SubmitAck(venue_order_id=venue_order_id, status=status, fills=tuple(fills))


def _future() -> asyncio.Future[Any]:
    future = asyncio.get_running_loop().create_future()
    # A caller that gave up waiting (timeout) must not leave an unretrieved exception.
    future.add_done_callback(lambda done: done.cancelled() or done.exception())
    return future


def _fail(awaited: _Awaited, error: VenueError) -> None:
    if not awaited.future.done():
        awaited.future.set_exception(error)


async def _wait(awaited: _Awaited, what: str, timeout: float) -> Any:
    try:
        return await asyncio.wait_for(asyncio.shield(awaited.future), timeout)
    except TimeoutError:
        raise VenueError(
            awaited.venue_id, "TIMEOUT", f"no answer to {what} within {timeout}s", retryable=True
        ) from None
