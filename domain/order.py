"""The order aggregate and its state machine."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from domain.enums import (
    ExecAlgorithm,
    OrderSide,
    OrderStatus,
    OrderType,
    TimeInForce,
    VenueKind,
)
from domain.errors import IllegalTransition, Overfill
from domain.fill import Fill
from domain.ids import ClientOrderId, OperationId, StrategyId, VenueOrderId

S = OrderStatus
VENUE_SEPARATOR = ","
_ALLOWED: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.PENDING: frozenset({S.SUBMITTED, S.REJECTED, S.CANCELED}),
    # A venue may report fills before its acknowledgement arrives.
    S.SUBMITTED: frozenset(
        {S.ACCEPTED, S.PARTIALLY_FILLED, S.FILLED, S.REJECTED, S.CANCELED, S.EXPIRED}
    ),
    S.ACCEPTED: frozenset({S.PARTIALLY_FILLED, S.FILLED, S.CANCELED, S.EXPIRED}),
    S.PARTIALLY_FILLED: frozenset({S.PARTIALLY_FILLED, S.FILLED, S.CANCELED, S.EXPIRED}),
    S.FILLED: frozenset(),
    S.CANCELED: frozenset(),
    S.REJECTED: frozenset(),
    S.EXPIRED: frozenset(),
}


def can_transition(current: OrderStatus, target: OrderStatus) -> bool:
    return target in _ALLOWED[current]


def venues_from_label(
    label: str | None, *, algorithm: ExecAlgorithm
) -> tuple[str | None, tuple[str, ...]]:
    """`(venue, child_venues)` back from an `Order.venue_label`: an algorithm's parent and a
    split (more than one venue) are roll-ups."""
    parts = tuple(v for v in (label or "").split(VENUE_SEPARATOR) if v)
    if algorithm is not ExecAlgorithm.NORMAL or len(parts) > 1:
        return None, parts
    return (parts[0] if parts else None), ()


@attrs.define(kw_only=True, eq=False)
class Order:
    """One order (a parent operation or an algorithm child) across its whole life."""

    operation_id: OperationId
    client_order_id: ClientOrderId
    instrument_key: str
    side: OrderSide
    order_type: OrderType
    quantity: Decimal
    created_at: datetime
    price: Decimal | None = None
    time_in_force: TimeInForce = TimeInForce.GTC
    strategy_id: StrategyId = StrategyId("default")
    # Where a leaf order went; a roll-up parent (an algorithm, or a split across venues)
    # goes nowhere itself: its children's venues are `child_venues`.
    venue: str | None = None
    child_venues: tuple[str, ...] = ()
    venue_type: VenueKind | None = None
    venue_order_id: VenueOrderId | None = None
    # The venue's own listing of the instrument when routed to a fungible equivalent.
    venue_instrument_key: str | None = None
    parent_operation_id: OperationId | None = None
    exec_algorithm: ExecAlgorithm = ExecAlgorithm.NORMAL
    exec_algorithm_params: dict[str, Any] = attrs.field(factory=dict)
    status: OrderStatus = OrderStatus.PENDING
    filled_quantity: Decimal = Decimal(0)
    avg_fill_price: Decimal | None = None
    rejection_reason: str | None = None
    error_message: str | None = None
    updated_at: datetime | None = None
    version: int = 0
    external: bool = False
    seen_trade_ids: set[str] = attrs.field(factory=set)

    @property
    def recovered_until_ns(self) -> int:
        """Trades up to this time were booked as a synthetic recovery fill (a venue that
        cannot list trades, `RECOVERY:<cid>:<filled>@<ns>`): when they arrive live later
        they are already counted. Read from the stored trade ids, so it survives restarts."""
        times = (
            int(trade_id.rsplit("@", 1)[1])
            for trade_id in self.seen_trade_ids
            if trade_id.startswith("RECOVERY:") and "@" in trade_id
        )
        return max(times, default=0)

    @property
    def leaves_quantity(self) -> Decimal:
        return self.quantity - self.filled_quantity

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def signed_quantity(self) -> Decimal:
        return self.quantity * self.side.sign

    def _move(self, target: OrderStatus, at: datetime) -> None:
        if not can_transition(self.status, target):
            raise IllegalTransition(self.operation_id, self.status.value, target.value)
        self.status = target
        self.updated_at = at

    @property
    def listing(self) -> str:
        """The key to send to the venue."""
        return self.venue_instrument_key or self.instrument_key

    @property
    def is_roll_up(self) -> bool:
        """A parent that only sums its children: an algorithm's, or one split across venues."""
        return self.exec_algorithm is not ExecAlgorithm.NORMAL or bool(self.child_venues)

    @property
    def venues(self) -> tuple[str, ...]:
        """The venues this order went to: its own, or a roll-up parent's children's."""
        if self.is_roll_up:
            return self.child_venues
        return (self.venue,) if self.venue else ()

    @property
    def venue_label(self) -> str | None:
        """`venues` as one text, comma-separated (the unified_orders `venue` column)."""
        return VENUE_SEPARATOR.join(self.venues) or None

    def add_child_venue(self, venue: str) -> None:
        """A roll-up parent's child was acknowledged by `venue`."""
        if venue not in self.child_venues:
            self.child_venues = (*self.child_venues, venue)

    def already_booked(self, venue_trade_id: str) -> None:
        """The store already holds this trade (booked before a restart): never apply it."""
        self.seen_trade_ids.add(venue_trade_id)

    def held_at_version(self, version: int) -> None:
        """The order store holds this order at `version` (its next write expects it)."""
        self.version = version

    def explain(self, message: str, *, keep_earlier: bool = False) -> None:
        """Why the order is where it is (shown to clients with its status); `keep_earlier`
        leaves an explanation already given in place."""
        if not (keep_earlier and self.error_message):
            self.error_message = message

    def learn_venue_order_id(self, venue_order_id: VenueOrderId | None) -> None:
        """The venue's id, learnt late (e.g. from an ack after a fill); never overwritten."""
        if self.venue_order_id is None and venue_order_id:
            self.venue_order_id = venue_order_id

    def submit(
        self,
        *,
        venue: str | None,
        venue_type: VenueKind | None,
        at: datetime,
        listing: str | None = None,
    ) -> None:
        """Leave PENDING for a venue."""
        self._move(S.SUBMITTED, at)
        self.venue, self.venue_type = venue or None, venue_type
        self.venue_instrument_key = listing if listing != self.instrument_key else None

    def submit_roll_up(
        self, *, venues: tuple[str, ...], venue_type: VenueKind | None, at: datetime
    ) -> None:
        """Leave PENDING as a roll-up whose children go to `venues` (more may join)."""
        self._move(S.SUBMITTED, at)
        self.child_venues, self.venue_type = tuple(dict.fromkeys(venues)), venue_type

    def reroute(
        self, *, venue: str, venue_type: VenueKind, at: datetime, listing: str | None = None
    ) -> None:
        """Send a submitted order elsewhere after its venue definitely refused it."""
        if self.status is not S.SUBMITTED or self.venue_order_id or self.filled_quantity:
            raise IllegalTransition(self.operation_id, self.status.value, f"reroute to {venue}")
        self.venue, self.venue_type, self.updated_at = venue, venue_type, at
        self.venue_instrument_key = listing if listing != self.instrument_key else None

    def accept(self, *, venue_order_id: VenueOrderId | None, at: datetime) -> None:
        if self.status in (S.PARTIALLY_FILLED, S.FILLED) and venue_order_id:
            # The ack arrived after a fill: keep the status, record the id.
            self.venue_order_id = venue_order_id
            return
        self._move(S.ACCEPTED, at)
        if venue_order_id:
            self.venue_order_id = venue_order_id

    def apply_fill(self, fill: Fill, *, at: datetime) -> bool:
        """Accumulate a fill; False when its venue trade id was already applied."""
        if fill.venue_trade_id in self.seen_trade_ids:
            return False
        if fill.quantity <= 0:
            raise Overfill(
                self.operation_id, str(self.quantity), str(self.filled_quantity), str(fill.quantity)
            )
        new_filled = self.filled_quantity + fill.quantity
        if new_filled > self.quantity:
            raise Overfill(
                self.operation_id, str(self.quantity), str(self.filled_quantity), str(fill.quantity)
            )
        target = S.FILLED if new_filled == self.quantity else S.PARTIALLY_FILLED
        self._move(target, at)
        previous_value = (self.avg_fill_price or Decimal(0)) * self.filled_quantity
        self.avg_fill_price = (previous_value + fill.price * fill.quantity) / new_filled
        self.filled_quantity = new_filled
        self.seen_trade_ids.add(fill.venue_trade_id)
        return True

    def apply_late_fill(self, fill: Fill, *, at: datetime) -> bool:
        """A trade the venue made before our cancel (or expiry) took effect: it happened, so
        it is counted; the order stays closed, FILLED if the trade completed it."""
        if self.status not in (S.CANCELED, S.EXPIRED):
            return self.apply_fill(fill, at=at)
        if fill.venue_trade_id in self.seen_trade_ids:
            return False
        new_filled = self.filled_quantity + fill.quantity
        if fill.quantity <= 0 or new_filled > self.quantity:
            raise Overfill(
                self.operation_id, str(self.quantity), str(self.filled_quantity), str(fill.quantity)
            )
        previous_value = (self.avg_fill_price or Decimal(0)) * self.filled_quantity
        self.avg_fill_price = (previous_value + fill.price * fill.quantity) / new_filled
        self.filled_quantity = new_filled
        self.seen_trade_ids.add(fill.venue_trade_id)
        if new_filled == self.quantity:
            self.status = S.FILLED
        self.updated_at = at
        return True

    def cancel(self, *, at: datetime) -> None:
        self._move(S.CANCELED, at)

    def reject(self, *, reason: str, at: datetime) -> None:
        self._move(S.REJECTED, at)
        self.rejection_reason = reason

    def expire(self, *, at: datetime) -> None:
        self._move(S.EXPIRED, at)

    def fail(self, *, error: str, at: datetime) -> None:
        """Give up on an order no venue took: REJECTED with the error kept."""
        self.reject(reason=error, at=at)
        self.error_message = error
