"""Fill reports of Bybit's and OKX's execution clients, made whole for the position check."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

Reports = Callable[[Any], Awaitable[list[Any]]]


def oldest_first(generate: Reports, cache: Any) -> Reports:
    """`generate` (a client's `generate_fill_reports`), its reports handed over oldest first
    and each unacknowledged order of ours named by the venue's order id.

    Bybit (`/v5/execution/list`) and OKX (`/api/v5/trade/fills`) list fills newest first.
    NautilusTrader 1.231's position check applies the missing fills it finds in the order
    given and, after the first, skips any older fill of the same order as "predating an
    inferred fill" (`LiveExecutionEngine._check_and_skip_duplicate_fill`; a reconciled fill
    is marked like an inferred one): of several fills during a private-stream gap only the
    newest would be recovered, and the engine would make up the rest of the position.
    Reports of one millisecond keep the venue's order, reversed (oldest first too).
    """

    async def reports(command: Any) -> list[Any]:
        found = await generate(command)
        _index_unacknowledged(cache, found)
        listed = {id(report): n for n, report in enumerate(found)}
        return sorted(found, key=lambda report: (report.ts_event, -listed[id(report)]))

    return reports


def _index_unacknowledged(cache: Any, reports: list[Any]) -> None:
    """Name in the cache the venue order id of each order of ours that the venue filled
    before we heard it accepted (its acceptance went down with the private stream).

    NautilusTrader finds a fill report's order by that id alone: without it the position
    check defers the execution (three times, then gives up) and the in-flight check infers
    a fill from the order's status instead, with a made-up trade id and no fee.
    """
    for report in reports:
        client_order_id = report.client_order_id
        if client_order_id is None or cache.client_order_id(report.venue_order_id) is not None:
            continue
        order = cache.order(client_order_id)
        if order is not None and order.venue_order_id is None:
            cache.add_venue_order_id(client_order_id, report.venue_order_id)
