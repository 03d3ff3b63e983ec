"""Catching up with Deribit after a gap, and the queries it takes (trades, orders, labels)."""

from __future__ import annotations

import logging
from typing import Any

from adapters.deribit.journal import EventJournal
from adapters.deribit.session import DeribitSession
from domain.errors import VenueError

log = logging.getLogger(__name__)
ORDER_NOT_FOUND = "10004"

PAGE = 1000


async def recover_gap(
    session: DeribitSession, journal: EventJournal, currencies: tuple[str, ...], since_ms: int
) -> int:
    """Trades since `since_ms`, then open orders, then the end of every order that was open
    and no longer is. The journal drops what it already emitted. Returns events emitted."""
    before = journal.emitted
    for currency in currencies:
        for trade in await trades_since(session, currency, since_ms):
            journal.trade(trade)
    still_open: set[str] = set()
    for currency in currencies:
        for order in await open_orders(session, currency):
            still_open.add(str(order["order_id"]))
            journal.order(order)
    for order_id in [o for o in journal.open_orders if o not in still_open]:
        ended = await ended_order(session, order_id)
        if ended is None:
            journal.open_orders.pop(order_id, None)
        else:
            journal.order(ended)
    for order_id in journal.held_orders():
        # An end seen without all of its fills: fetch that order's trades directly.
        params = {"order_id": order_id, "sorting": "asc"}
        for trade in await session.call("private/get_user_trades_by_order", params, query=True):
            journal.trade(trade)
    return journal.emitted - before


async def ended_order(session: DeribitSession, order_id: str) -> dict[str, Any] | None:
    """The state of an order no longer open, or None when Deribit no longer has it (closed
    orders leave its recent records after 30 minutes): one such order must not fail the
    whole recovery, whose trades query still carries its fills."""
    try:
        return dict(
            await session.call("private/get_order_state", {"order_id": order_id}, query=True)
        )
    except VenueError as error:
        if error.code != ORDER_NOT_FOUND:
            raise
        log.warning("Deribit no longer has order %s; its fills come from its trades", order_id)
        return None


async def trades_since(
    session: DeribitSession, currency: str, since_ms: int
) -> list[dict[str, Any]]:
    """Every user trade in `currency` from `since_ms` on, oldest first, page by page. A page
    after the first starts at the last trade seen (`start_id`, which Deribit returns first
    again), so a page that ends inside a millisecond loses none of that millisecond's
    trades; should `start_id` bring nothing new, paging goes on by time after that trade."""
    trades: list[dict[str, Any]] = []
    seen: set[str] = set()
    cursor: dict[str, Any] = {"start_timestamp": since_ms}
    while True:
        params = {"currency": currency, **cursor, "count": PAGE, "sorting": "asc"}
        result = await session.call("private/get_user_trades_by_currency", params, query=True)
        batch = result.get("trades", [])
        fresh = [trade for trade in batch if str(trade["trade_id"]) not in seen]
        seen.update(str(trade["trade_id"]) for trade in fresh)
        trades += fresh
        if not result.get("has_more") or not batch:
            return trades
        last = batch[-1]
        if fresh:
            cursor = {"start_id": last["trade_id"]}
        else:
            cursor = {"start_timestamp": int(last["timestamp"]) + 1}


async def open_orders(session: DeribitSession, currency: str) -> list[dict[str, Any]]:
    params = {"currency": currency}
    return list(await session.call("private/get_open_orders_by_currency", params, query=True))


async def orders_by_label(
    session: DeribitSession, currencies: tuple[str, ...], label: str
) -> list[dict[str, Any]]:
    """Every order carrying `label` (our client order id) that Deribit has, oldest first."""
    found: list[dict[str, Any]] = []
    for currency in currencies:
        params = {"currency": currency, "label": label}
        found += await session.call("private/get_order_state_by_label", params, query=True)
    return sorted(found, key=lambda o: int(o.get("creation_timestamp", 0)))


async def order_by_label(
    session: DeribitSession, currencies: tuple[str, ...], label: str
) -> dict[str, Any] | None:
    """The newest order carrying `label`, or None when Deribit says it has none."""
    found = await orders_by_label(session, currencies, label)
    return found[-1] if found else None
