"""Smart order router: choose venues by expected cost (fee + book walk + latency + health)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from application.routing.circuit_breaker import BreakerState, CircuitBreakers
from application.routing.decisions import (
    Allocation,
    NoRoute,
    RouterWeights,
    RoutingDecision,
    VenueScore,
)
from domain.book import OrderBook
from domain.enums import OrderSide, OrderType
from domain.order_request import OrderRequest
from domain.venue import Venue
from ports.market_data import MarketData

BPS = Decimal(10_000)
ZERO = Decimal(0)


class SmartOrderRouter:
    """Scores every venue that lists the instrument; splits when no single book suffices."""

    def __init__(
        self,
        *,
        venues: Callable[[], Iterable[Venue]],
        market_data: MarketData,
        breakers: CircuitBreakers,
        is_connected: Callable[[str], bool],
        weights: RouterWeights | None = None,
    ) -> None:
        self._venues = venues
        self._market_data = market_data
        self._breakers = breakers
        self._is_connected = is_connected
        self.weights = weights or RouterWeights()

    def route(
        self, request: OrderRequest, *, exclude: frozenset[str] = frozenset()
    ) -> RoutingDecision:
        key = request.instrument_key
        candidates = [v for v in self._venues() if v.lists(key)]
        if request.venue is not None:
            candidates = [v for v in candidates if v.venue_id == request.venue]
            if not candidates:
                raise NoRoute(key, f"pinned venue {request.venue} does not list it")
        if not candidates:
            raise NoRoute(key, "no configured venue lists it")
        books = {
            v.venue_id: self._market_data.book(v.venue_id, v.listing_for(key) or key)
            for v in candidates
        }
        reference = self._market_data.reference_price(key) or _first_mid(books)
        scores = [
            self._score(v, request, books[v.venue_id], reference, exclude) for v in candidates
        ]
        eligible = sorted((s for s in scores if s.eligible), key=lambda s: (s.total_bps, s.venue))
        if not eligible:
            reasons = "; ".join(f"{s.venue}: {s.reason}" for s in scores)
            raise NoRoute(key, reasons)
        best = eligible[0]
        venue_by_id = {v.venue_id: v for v in candidates}
        thin = self._capacity(venue_by_id[best.venue], best) < request.quantity
        may_split = thin or best.beyond_top
        if (
            may_split
            and request.venue is None
            and request.order_type is OrderType.MARKET
            and len(eligible) > 1
        ):
            split = self._split(request, eligible, venue_by_id, books, reference)
            if split is not None:
                allocations, split_bps = split
                cheaper = split_bps + self.weights.split_min_saving_bps < best.total_bps
                if len(allocations) > 1 and (thin or cheaper):
                    why = (
                        "visible book is too thin"
                        if thin
                        else (
                            f"splitting costs {split_bps:.2f} bps against {best.total_bps:.2f} bps"
                        )
                    )
                    return RoutingDecision(
                        allocations=allocations,
                        scores=tuple(scores),
                        reason=f"{best.venue}: {why}; split across "
                        f"{', '.join(a.venue for a in allocations)}",
                    )
        return RoutingDecision(
            allocations=(Allocation(venue=best.venue, quantity=request.quantity),),
            scores=tuple(scores),
            reason=f"lowest expected cost at {best.venue}: {best.total_bps:.2f} bps",
        )

    def _capacity(self, venue: Venue, score: VenueScore) -> Decimal:
        visible = (
            score.visible_quantity if score.visible_quantity is not None else Decimal("Infinity")
        )
        return min(visible, venue.max_size) if venue.max_size is not None else visible

    def _score(
        self,
        venue: Venue,
        request: OrderRequest,
        book: OrderBook | None,
        reference: Decimal | None,
        exclude: frozenset[str],
    ) -> VenueScore:
        vid = venue.venue_id
        excluded = self._exclusion(venue, request, exclude)
        if excluded:
            return VenueScore(venue=vid, eligible=False, reason=excluded)
        weights = self.weights
        marketable = request.order_type is OrderType.MARKET or _crosses(book, request)
        fee = venue.taker_fee if marketable else venue.maker_fee
        impact, visible, beyond_top = ZERO, None, False
        mid = (book.mid if book else None) or reference
        if marketable and book is not None and mid:
            limit = request.price if request.order_type is OrderType.LIMIT else None
            walk = book.walk(request.side, request.quantity, limit)
            visible = walk.filled
            top = book.levels_for(request.side)
            beyond_top = bool(top) and walk.worst_price != top[0].price
            if walk.avg_price is not None:
                impact = (walk.avg_price - mid) / mid * BPS * request.side.sign
            if walk.filled < request.quantity:
                missing_share = (request.quantity - walk.filled) / request.quantity
                impact += missing_share * weights.beyond_book_penalty_bps
        elif marketable:
            # No visible book: the cost of walking it is unknown, so assume the worst case.
            impact = weights.beyond_book_penalty_bps
        health = ZERO
        if self._breakers.state(vid) is BreakerState.HALF_OPEN:
            health += weights.half_open_penalty_bps
        health += weights.failure_penalty_bps * self._breakers.consecutive_failures(vid)
        return VenueScore(
            venue=vid,
            eligible=True,
            fee_bps=fee * BPS,
            impact_bps=impact,
            latency_bps=venue.latency_ms * weights.latency_bps_per_ms,
            health_bps=health,
            visible_quantity=visible,
            beyond_top=beyond_top,
        )

    def _exclusion(
        self, venue: Venue, request: OrderRequest, exclude: frozenset[str]
    ) -> str | None:
        vid = venue.venue_id
        if vid in exclude:
            return "excluded after a failure on this order"
        if not self._is_connected(vid):
            return "venue is down (not connected)"
        if not self._breakers.allows(vid):
            return f"circuit breaker is {self._breakers.state(vid)}"
        if request.quantity < venue.min_size:
            return f"quantity below venue minimum {venue.min_size}"
        return None

    def _split(
        self,
        request: OrderRequest,
        eligible: list[VenueScore],
        venues: dict[str, Venue],
        books: dict[str, OrderBook | None],
        reference: Decimal | None,
    ) -> tuple[tuple[Allocation, ...], Decimal] | None:
        """Greedy fill across venues' levels by fee-adjusted price; returns the allocation
        and its expected cost in bps (fees, impact, latency, health), or None without books."""
        if not reference:
            return None
        side = request.side
        levels: list[tuple[Decimal, str, Decimal, Decimal]] = []
        for score in eligible:
            book = books[score.venue]
            if book is None:
                continue
            fee = venues[score.venue].taker_fee
            for level in book.levels_for(side):
                effective = level.price * (1 + fee * side.sign)
                levels.append((effective * side.sign, score.venue, level.size, effective))
        if not levels:
            return None
        levels.sort(key=lambda item: (item[0], item[1]))
        remaining, cost = request.quantity, ZERO
        taken: dict[str, Decimal] = {}
        for _, vid, size, effective in levels:
            if remaining <= 0:
                break
            cap = venues[vid].max_size
            room = size if cap is None else min(size, cap - taken.get(vid, ZERO))
            take = min(remaining, room)
            if take > 0 and take >= venues[vid].min_size:
                taken[vid] = taken.get(vid, ZERO) + take
                remaining -= take
                cost += (effective - reference) / reference * BPS * side.sign * take
        for score in eligible if remaining > 0 else ():
            # Beyond every visible book: the best-ranked venues with room take the rest.
            venue, held = venues[score.venue], taken.get(score.venue, ZERO)
            room = remaining if venue.max_size is None else min(remaining, venue.max_size - held)
            if room > 0 and held + room >= venue.min_size:
                taken[score.venue] = held + room
                remaining -= room
                cost += self.weights.beyond_book_penalty_bps * room
        if remaining > 0:
            return None  # more than every venue's size: routed whole, and refused with its size
        by_venue = {s.venue: s for s in eligible}
        for vid, quantity in taken.items():
            cost += (by_venue[vid].latency_bps + by_venue[vid].health_bps) * quantity
        ranked = [s.venue for s in eligible if s.venue in taken]
        allocations = tuple(Allocation(venue=v, quantity=taken[v]) for v in ranked)
        return allocations, cost / request.quantity


def _crosses(book: OrderBook | None, request: OrderRequest) -> bool:
    if book is None or request.price is None:
        return False
    if request.side is OrderSide.BUY:
        return book.best_ask is not None and request.price >= book.best_ask
    return book.best_bid is not None and request.price <= book.best_bid


def _first_mid(books: dict[str, OrderBook | None]) -> Decimal | None:
    for book in books.values():
        if book is not None and book.mid is not None:
            return book.mid
    return None
