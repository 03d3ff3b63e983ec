"""A trading desk on memory adapters for application tests: test-profile container, two
simulated venues with books, and a restart that keeps the database and the venues."""

from __future__ import annotations

from decimal import Decimal

from dependency_injector import providers

from adapters.memory.clock import ControllableClock
from adapters.memory.simulated_venue import SimulatedVenue
from adapters.memory.store import MemoryDatabase
from application.execution.venue_registry import VenueRegistry
from bootstrap.build import ApplicationContainer, build_container
from bootstrap.settings.loader import parse_settings
from domain.book import BookLevel, OrderBook
from domain.enums import OrderSide, OrderType
from domain.ids import OperationId, StrategyId
from domain.order_request import OrderRequest

VENUES = ("BINANCE-FUTURES", "BYBIT")


def listing(venue: str) -> str:
    return f"{venue}:PERPETUAL:BTC-USDT@LIN"


BTC = listing(VENUES[0])


async def a_desk(
    attempts: int = 3, *, retry_delay: float = 0, depth: str = "50"
) -> ApplicationContainer:
    settings = parse_settings(
        {
            "venues": [{"venue_id": v, "instruments": [listing(v)]} for v in VENUES],
            "resilience": {"retry_base_delay_seconds": retry_delay, "retry_attempts": attempts},
        }
    )
    container = build_container("test", settings)
    for venue_id in VENUES:
        await venue(container, venue_id).connect()
        venue(container, venue_id).set_book(
            OrderBook(
                instrument_key=listing(venue_id),
                bids=(BookLevel(price=Decimal(29990), size=Decimal(depth)),),
                asks=(BookLevel(price=Decimal(30010), size=Decimal(depth)),),
            )
        )
    return container


async def restarted(before: ApplicationContainer) -> ApplicationContainer:
    """A new service process a second later: fresh memory, same database, same (still
    running) venues."""
    clock: ControllableClock = before.infra.clock()
    await clock.advance(1)
    container = build_container("test", before.settings(), clock=clock)
    database: MemoryDatabase = before.infra.database()
    container.infra.database.override(providers.Object(database))
    container.infra.uow_factory.override(providers.Object(before.infra.uow_factory()))
    registry = VenueRegistry(before.infra.venues().all())
    container.infra.venues.override(providers.Object(registry))
    return container


def venue(container: ApplicationContainer, venue_id: str = VENUES[0]) -> SimulatedVenue:
    return container.infra.venues().get(venue_id)  # type: ignore[no-any-return]


def a_buy(
    op: str, quantity: str = "1", *, price: str | None = None, venue_id: str | None = None
) -> OrderRequest:
    return OrderRequest(
        operation_id=OperationId(op),
        instrument_key=BTC,
        side=OrderSide.BUY,
        quantity=Decimal(quantity),
        order_type=OrderType.LIMIT if price else OrderType.MARKET,
        price=Decimal(price) if price else None,
        strategy_id=StrategyId("alpha"),
        venue=venue_id,
    )
