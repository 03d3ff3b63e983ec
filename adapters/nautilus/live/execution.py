"""One venue of the service's TradingNode as an `ExecutionVenue`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from adapters.nautilus.live.config import NautilusVenueConfig
from adapters.nautilus.live.desk import BookSink
from adapters.nautilus.live.feed import ReplayDataClient
from adapters.nautilus.live.node import NautilusNode
from adapters.nautilus.live.options import NautilusOptionsError
from domain.errors import VenueError
from domain.fill import Fill
from domain.ids import ClientOrderId
from domain.order import Order
from domain.venue import Venue
from domain.venue_events import VenueEvent
from domain.venue_state import SubmitAck, VenueOrderState, VenuePosition


class NautilusNodeVenue:
    """Implements `ports.execution_venue.ExecutionVenue` on a venue of the shared node.

    `connect` starts the node in the running loop (or joins it), `disconnect` leaves it
    (the last venue out stops it; open orders stay as the venue has them). Orders travel
    under our client order id through the node's bridge strategy; `submit` answers at the
    venue's first word (accepted, filled, rejected or denied by the node's risk engine),
    with the fills already reported, which the event stream carries again. Open orders and
    order states come from the node's cache, positions from its position events.
    """

    def __init__(
        self,
        config: NautilusVenueConfig,
        venue: Venue,
        *,
        node: NautilusNode,
        on_book: BookSink | None = None,
    ) -> None:
        self._config, self._venue, self._node = config, venue, node
        node.add(config, on_book)

    @property
    def venue(self) -> Venue:
        return self._venue

    @property
    def config(self) -> NautilusVenueConfig:
        return self._config

    @property
    def node(self) -> NautilusNode:
        """The TradingNode holder this venue shares with the container's other ones."""
        return self._node

    @property
    def connected(self) -> bool:
        return self._node.is_connected(self._config.venue_id)

    @property
    def replay(self) -> ReplayDataClient | None:
        """The recorded-ticks feed of this venue while the node runs (replay venues only)."""
        return self._node.feeds.get(self._config.client_name)

    async def connect(self) -> None:
        try:
            await self._node.acquire(self._config.venue_id)
        except NautilusOptionsError as invalid:
            raise VenueError(
                self._config.venue_id, "CONFIG", str(invalid), retryable=False
            ) from None

    async def disconnect(self) -> None:
        await self._node.release(self._config.venue_id)

    async def submit(self, order: Order) -> SubmitAck:
        bridge = self._bridge()
        return await self._node.desk.submit(
            self._config, order, lambda: bridge.send(self._config, order)
        )

    async def cancel(self, order: Order) -> None:
        bridge = self._bridge()
        await self._node.desk.cancel(
            self._config, order, lambda: bridge.send_cancel(self._config, order)
        )

    async def open_orders(self) -> list[VenueOrderState]:
        return self._bridge().open_orders(self._config)

    async def positions(self) -> list[VenuePosition]:
        self._bridge()
        return self._node.desk.venue_positions(self._config.venue_id)

    async def order_status(self, client_order_id: ClientOrderId) -> VenueOrderState | None:
        return self._bridge().order_state(self._config, client_order_id)

    async def order_trades(self, client_order_id: ClientOrderId) -> list[Fill]:
        found = self._bridge().order_family(self._config, client_order_id)
        if found is None:
            return []
        key, _, orders = found
        return self._node.desk.trades_of(self._config.venue_id, client_order_id, key, orders)

    @property
    def state_survives_restart(self) -> bool:
        """False on paper: the sandbox's orders and positions live in the node's memory and
        a restarted service finds it empty. An exchange keeps them."""
        return not self._config.options.paper

    def events(self) -> AsyncIterator[VenueEvent]:
        return self._node.desk.events(self._config.venue_id)

    def _bridge(self) -> Any:
        if not self.connected:
            raise VenueError(
                self._config.venue_id,
                "DISCONNECTED",
                "the TradingNode is not running",
                retryable=True,
            )
        return self._node.bridge
