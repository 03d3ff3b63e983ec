"""Reconciliation from the venues' side: their open orders we do not know, their positions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal

from application.oms.unified_oms import UnifiedOMS
from application.reconciliation.report import Findings, PositionDifference
from domain.ids import OperationId, StrategyId
from domain.order import Order
from domain.unified_position import UnifiedPosition
from ports.execution_venue import ExecutionVenue

ZERO = Decimal(0)


async def import_external(
    oms: UnifiedOMS, venues: Mapping[str, ExecutionVenue], found: Findings, *, now: datetime
) -> None:
    """Open venue orders no stored order owns (placed by hand, or by another system) are
    stored as external orders and tracked from now on."""
    for venue_id, adapter in venues.items():
        for state in await adapter.open_orders():
            if await oms.find_by_client_id(state.client_order_id) is not None:
                continue
            order = Order(
                operation_id=OperationId(f"EXTERNAL:{venue_id}:{state.client_order_id}"),
                client_order_id=state.client_order_id,
                instrument_key=state.instrument_key,
                side=state.side,
                order_type=state.order_type,
                quantity=state.quantity,
                price=state.price,
                created_at=now,
                updated_at=now,
                strategy_id=StrategyId("external"),
                venue=venue_id,
                venue_type=adapter.venue.kind,
                venue_order_id=state.venue_order_id,
                status=state.status,
                filled_quantity=state.filled_quantity,
                avg_fill_price=state.avg_fill_price,
                external=True,
            )
            await oms.record_new(order)
            found.imported.append(state.client_order_id)


async def compare_positions(
    ours: Iterable[UnifiedPosition], venues: Mapping[str, ExecutionVenue], found: Findings
) -> None:
    """Our per-venue quantities (under the venue's own listing) against the venue's."""
    held = list(ours)
    for venue_id, adapter in venues.items():
        theirs = {p.instrument_key: p.quantity for p in await adapter.positions()}
        mine: dict[str, Decimal] = defaultdict(Decimal)
        for unified in held:
            position = unified.venues.get(venue_id)
            if position is not None and position.quantity:
                listing = adapter.venue.listing_for(unified.instrument_key)
                mine[listing or unified.instrument_key] += position.quantity
        for key in sorted(set(mine) | set(theirs)):
            quantity, venue_quantity = mine.get(key, ZERO), theirs.get(key, ZERO)
            if quantity != venue_quantity:
                found.differences.append(
                    PositionDifference(
                        venue=venue_id,
                        instrument_key=key,
                        ours=quantity,
                        venue_quantity=venue_quantity,
                    )
                )
