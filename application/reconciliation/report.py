"""What a startup reconciliation found and did: a frozen report, logged and served."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

import attrs

from domain.enums import OrderStatus
from domain.order import Order

ZERO = Decimal(0)


@attrs.frozen(kw_only=True)
class ResolvedOrder:
    """An order whose stored state was brought in line with its venue."""

    operation_id: str
    client_order_id: str
    venue: str | None
    stored_status: str
    status: str
    filled_added: Decimal = Decimal(0)
    note: str = ""


@attrs.frozen(kw_only=True)
class PositionDifference:
    """Our position at a venue (from stored fills) against what the venue reports."""

    venue: str
    instrument_key: str
    ours: Decimal
    venue_quantity: Decimal

    @property
    def difference(self) -> Decimal:
        return self.venue_quantity - self.ours


@attrs.frozen(kw_only=True)
class ReconciliationReport:
    """Counts and lists of one run; `clean` when nothing needed attention."""

    started_at: datetime
    finished_at: datetime
    trigger: str = "startup"
    venues: tuple[str, ...] = ()
    unreachable_venues: tuple[str, ...] = ()
    open_orders_checked: int = 0
    resolved: tuple[ResolvedOrder, ...] = ()
    not_sent: tuple[str, ...] = ()
    still_open: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = ()
    imported_external: tuple[str, ...] = ()
    fills_applied: int = 0
    position_differences: tuple[PositionDifference, ...] = ()
    errors: tuple[str, ...] = ()
    # Venues that start empty with the service (paper sandboxes): their stored open orders
    # were expired, and their positions start again from flat. Said here, not left silent.
    not_persistent_venues: tuple[str, ...] = ()
    expired_not_persistent: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        return {
            "open_orders_checked": self.open_orders_checked,
            "resolved": len(self.resolved),
            "not_sent": len(self.not_sent),
            "still_open": len(self.still_open),
            "unresolved": len(self.unresolved),
            "imported_external": len(self.imported_external),
            "fills_applied": self.fills_applied,
            "position_differences": len(self.position_differences),
            "unreachable_venues": len(self.unreachable_venues),
            "expired_not_persistent": len(self.expired_not_persistent),
        }

    @property
    def clean(self) -> bool:
        return not (
            self.unresolved or self.position_differences or self.unreachable_venues or self.errors
        )


@attrs.define
class Findings:
    """What a reconciliation run collects as it goes; `report()` freezes it."""

    open_orders_checked: int = 0
    unreachable: list[str] = attrs.field(factory=list)
    resolved: list[ResolvedOrder] = attrs.field(factory=list)
    not_sent: list[str] = attrs.field(factory=list)
    still_open: list[str] = attrs.field(factory=list)
    unresolved: list[str] = attrs.field(factory=list)
    imported: list[str] = attrs.field(factory=list)
    differences: list[PositionDifference] = attrs.field(factory=list)
    errors: list[str] = attrs.field(factory=list)
    fills_applied: int = 0
    not_persistent: list[str] = attrs.field(factory=list)
    expired_not_persistent: list[str] = attrs.field(factory=list)
    notes: list[str] = attrs.field(factory=list)

    def resolve(
        self, order: Order, stored: OrderStatus, *, filled_added: Decimal = ZERO, note: str = ""
    ) -> None:
        self.resolved.append(
            ResolvedOrder(
                operation_id=order.operation_id,
                client_order_id=order.client_order_id,
                venue=order.venue_label,
                stored_status=stored.value,
                status=order.status.value,
                filled_added=filled_added,
                note=note,
            )
        )

    def report(
        self,
        started: datetime,
        finished: datetime,
        venues: Iterable[str],
        *,
        trigger: str = "startup",
    ) -> ReconciliationReport:
        return ReconciliationReport(
            started_at=started,
            finished_at=finished,
            trigger=trigger,
            venues=tuple(venues),
            unreachable_venues=tuple(self.unreachable),
            open_orders_checked=self.open_orders_checked,
            resolved=tuple(self.resolved),
            not_sent=tuple(self.not_sent),
            still_open=tuple(self.still_open),
            unresolved=tuple(self.unresolved),
            imported_external=tuple(self.imported),
            fills_applied=self.fills_applied,
            position_differences=tuple(self.differences),
            errors=tuple(self.errors),
            not_persistent_venues=tuple(self.not_persistent),
            expired_not_persistent=tuple(self.expired_not_persistent),
            notes=tuple(self.notes),
        )
