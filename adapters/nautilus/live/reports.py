"""Bybit's and OKX's execution clients' reports, made whole for the position check."""

from __future__ import annotations

import contextvars
from collections.abc import Awaitable, Callable
from typing import Any

Reports = Callable[[Any], Awaitable[list[Any]]]
# The failures the client logged while the report being generated in this task was asked for.
_failures: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "report_failures", default=None
)


class ReportsUnavailable(Exception):
    """The venue could not be asked (a failed request, or a client that is disconnected)."""


def make_reports_whole(client: Any, cache: Any) -> None:
    """The client's fill and position reports raise when the venue could not be asked, and
    its fill reports come oldest first, unacknowledged orders of ours named (see below)."""
    logged = client._log_report_error

    def log_report_error(error: BaseException, report_type: str) -> None:
        logged(error, report_type)
        failures = _failures.get()
        if failures is not None:
            failures.append(f"{report_type}: {error!r}")

    client._log_report_error = log_report_error
    fills = _answered(client, client.generate_fill_reports)
    client.generate_fill_reports = oldest_first(fills, cache)
    client.generate_position_status_reports = _answered(
        client, client.generate_position_status_reports
    )


def _answered(client: Any, generate: Reports) -> Reports:
    """`generate`, raising ReportsUnavailable instead of answering "nothing" when it failed.

    NautilusTrader 1.231's Bybit and OKX clients log a failed request and return no reports;
    the position check then takes the venue for flat and, finding no fills, makes up an
    order that closes the cached position (`_process_cached_position_discrepancies` with
    `generate_missing_orders`): an OKX 50026 outlasting the client's retries, or a check
    running while the node stops (its clients disconnected), closed a position the exchange
    still held. A report that raises is one the engine skips ("failed to query venue").
    """

    async def reports(command: Any) -> list[Any]:
        if not client.is_connected:
            raise ReportsUnavailable(f"{client.id} is not connected")
        failures: list[str] = []
        token = _failures.set(failures)
        try:
            found = await generate(command)
        finally:
            _failures.reset(token)
        if failures:
            raise ReportsUnavailable("; ".join(failures))
        return found

    return reports


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
