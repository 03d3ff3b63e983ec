"""The recent fills of the live service: fills of the newest orders, newest first."""

from __future__ import annotations

from application.oms.unified_oms import UnifiedOMS
from domain.fill import Fill


async def recent_fills(
    oms: UnifiedOMS,
    *,
    limit: int,
    instrument_key: str | None = None,
    venue: str | None = None,
    orders_scanned: int = 2_000,
) -> list[Fill]:
    """Fills of the last `orders_scanned` orders, filtered, newest `ts_event` first."""
    orders = await oms.list(limit=orders_scanned)
    fills: dict[str, Fill] = {}
    for order in orders:
        if instrument_key is not None and order.instrument_key != instrument_key:
            continue
        if order.filled_quantity == 0:
            continue
        for fill in await oms.fills_for(order.operation_id):
            fills[fill.fill_id] = fill  # a parent and its child may both name a fill
    found = [fill for fill in fills.values() if venue is None or fill.venue == venue]
    found.sort(key=lambda fill: (fill.ts_event, fill.fill_id), reverse=True)
    return found[:limit]
