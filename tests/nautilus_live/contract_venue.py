"""A connected sandbox node venue holding a given book, for the ExecutionVenue contract."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from decimal import Decimal

import attrs
from nautilus_trader.model.identifiers import InstrumentId

from adapters.nautilus.live.config import parse_venue_config
from adapters.nautilus.live.execution import NautilusNodeVenue
from adapters.nautilus.live.node import NautilusNode
from domain.book import OrderBook
from domain.enums import VenueKind
from domain.venue import Venue
from tests.nautilus_live.paper import QUOTES_CSV, eventually


@contextlib.asynccontextmanager
async def sandbox_node_venue(spec: Venue, book: OrderBook) -> AsyncIterator[NautilusNodeVenue]:
    """The venue `spec` on paper (a depth sandbox in its own TradingNode) with `book`
    published, connected; disconnected after."""
    options = {
        "exchange": "binance",
        "account_type": "usdt_future",
        "paper": True,
        "paper_book_type": "L2_MBP",
        "replay": {
            "quotes_csv": str(QUOTES_CSV),  # loaded, never played: the test sets the book
            "instruments": {
                key: {"tick_size": "0.01", "lot_size": "0.001"} for key in spec.instruments
            },
            "autoplay": False,
        },
        "node": {"timeout_post_stop_s": 0.1, "log_level": "ERROR"},
        "submit_timeout_s": 5.0,
    }
    config = parse_venue_config(
        spec.venue_id,
        options,
        instruments=sorted(spec.instruments),
        starting_balances={"USDT": Decimal(10_000_000)},
        maker_fee=spec.maker_fee,
        taker_fee=spec.taker_fee,
    )
    venue = NautilusNodeVenue(
        config, attrs.evolve(spec, kind=VenueKind.NAUTILUS), node=NautilusNode()
    )
    await venue.connect()
    try:
        await publish(venue, book)
        yield venue
    finally:
        await venue.disconnect()


async def publish(venue: NautilusNodeVenue, book: OrderBook) -> None:
    """Publish the book and wait until the sandbox's matching engine holds it."""
    assert venue.replay is not None
    assert venue.node.bridge.sandbox is not None
    await venue.replay.publish_book(book)
    instrument_id = InstrumentId.from_str(venue.config.instrument_ids[book.instrument_key])
    sandbox, client = venue.node.bridge.sandbox, venue.config.exec_client_id

    async def holds_it() -> bool:
        return sandbox.best_ask(client, instrument_id) == book.best_ask

    assert await eventually(holds_it), "the sandbox never held the published book"
