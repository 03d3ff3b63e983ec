"""Routing decisions: per-venue scores and the allocation they lead to."""

from __future__ import annotations

from decimal import Decimal

import attrs

from domain.errors import DomainError


@attrs.frozen(kw_only=True)
class RouterWeights:
    """How non-price factors turn into basis points of expected cost."""

    latency_bps_per_ms: Decimal = Decimal("0.01")
    half_open_penalty_bps: Decimal = Decimal(5)
    failure_penalty_bps: Decimal = Decimal(1)
    # Assumed impact (bps) for quantity beyond a venue's visible book.
    beyond_book_penalty_bps: Decimal = Decimal(50)
    # A split must beat the best single venue by this much (each extra order has a cost).
    split_min_saving_bps: Decimal = Decimal("0.5")


@attrs.frozen(kw_only=True)
class VenueScore:
    """Expected cost of executing the order at one venue, in bps of the reference price."""

    venue: str
    eligible: bool
    reason: str | None = None
    fee_bps: Decimal = Decimal(0)
    impact_bps: Decimal = Decimal(0)
    latency_bps: Decimal = Decimal(0)
    health_bps: Decimal = Decimal(0)
    visible_quantity: Decimal | None = None
    # True when the walk went past the venue's best level (only then can a split be cheaper).
    beyond_top: bool = False

    @property
    def total_bps(self) -> Decimal:
        return self.fee_bps + self.impact_bps + self.latency_bps + self.health_bps


@attrs.frozen(kw_only=True)
class Allocation:
    venue: str
    quantity: Decimal


@attrs.frozen(kw_only=True)
class RoutingDecision:
    """Where the order goes and why: every venue's score, eligible or not."""

    allocations: tuple[Allocation, ...]
    scores: tuple[VenueScore, ...]
    reason: str

    @property
    def is_split(self) -> bool:
        return len(self.allocations) > 1

    @property
    def primary_venue(self) -> str:
        return self.allocations[0].venue


class NoRoute(DomainError):
    """No venue can take the order; `reason` explains each venue's exclusion."""

    def __init__(self, instrument_key: str, reason: str) -> None:
        self.instrument_key, self.reason = instrument_key, reason
        super().__init__(f"no venue can execute {instrument_key}: {reason}")
