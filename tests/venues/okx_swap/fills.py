"""`GET /api/v5/trade/fills` and `fills-history` as OKX documents them: newest first (by
`billId`), paged by `after` (older than a billId) and `before` (newer), filtered by `begin`
and `end` (`ts`, ms, both included here), at most `limit` rows (100, the most OKX gives);
`fills` keeps the last 3 days, `fills-history` the last 3 months and wants an `instType`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.venues.okx_swap import errors, views

if TYPE_CHECKING:
    from tests.venues.okx_swap.exchange import OkxSwapExchange

DAY_MS = 86_400_000
RECENT_MS, HISTORY_MS = 3 * DAY_MS, 90 * DAY_MS
MAX_LIMIT = 100


def fills(
    exchange: OkxSwapExchange, params: dict[str, Any], now: int, *, history: bool = False
) -> list[dict[str, Any]]:
    """The rows of one page; raises OKX's parameter errors."""
    if history and not params.get("instType"):
        raise errors.OkxApiError("50014", "Parameter instType can not be empty.")
    limit = _number(params, "limit", MAX_LIMIT)
    if not 1 <= limit <= MAX_LIMIT:
        raise errors.parameter_error("limit")
    if params.get("instType") not in (None, "SWAP"):
        return []
    oldest = now - (HISTORY_MS if history else RECENT_MS)
    begin, end = max(_number(params, "begin", oldest), oldest), _number(params, "end", now)
    by_id = {o.order_id: o for o in exchange.orders.values()}
    rows = [views.fill(exchange, trade, by_id[trade.order_id]) for trade in exchange.trades]
    chosen = [
        row for row in rows
        if params.get("ordId") in (None, row["ordId"])
        and params.get("instId") in (None, row["instId"])
        and begin <= int(row["ts"]) <= end
        and int(row["billId"]) < _number(params, "after", int(row["billId"]) + 1)
        and int(row["billId"]) > _number(params, "before", int(row["billId"]) - 1)
    ]  # fmt: skip
    chosen.sort(key=lambda row: int(row["billId"]), reverse=True)
    return chosen[:limit]


def _number(params: dict[str, Any], name: str, default: int) -> int:
    value = params.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise errors.parameter_error(name) from None
