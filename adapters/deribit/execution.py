"""Deribit as an external execution venue, its event stream complete across reconnects."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable, Mapping
from decimal import Decimal
from typing import Any

from adapters.deribit import mapping
from adapters.deribit.auth import ApiCredentials
from adapters.deribit.cancellation import OrderCancellation
from adapters.deribit.config import DeribitConfig
from adapters.deribit.journal import EventJournal
from adapters.deribit.notifications import NotificationRouter
from adapters.deribit.placement import OrderPlacement
from adapters.deribit.recovery import (
    open_orders,
    order_by_label,
    orders_by_label,
    recover_gap,
    trades_since,
)
from adapters.deribit.session import DeribitSession
from domain.book import OrderBook
from domain.errors import InvalidInstrumentKey, VenueError
from domain.fill import Fill
from domain.ids import ClientOrderId
from domain.order import Order
from domain.venue import Venue
from domain.venue_events import OrderFilled, VenueEvent
from domain.venue_state import SubmitAck, VenueOrderState, VenuePosition
from ports.clock import Clock

log = logging.getLogger(__name__)
NS_PER_MS = 1_000_000


class DeribitExecutionVenue:
    """Implements `ports.external_venue.ExternalVenue` over Deribit's JSON-RPC API. Our client
    order id travels as the Deribit `label`. Credentials are read from the environment
    variables named in the config when connecting."""

    def __init__(
        self, config: DeribitConfig, *, clock: Clock, environ: Mapping[str, str] | None = None
    ) -> None:
        self._config, self._clock, self._environ = config, clock, environ
        self._venue = config.venue()
        self.journal = EventJournal(config.venue_id)
        self._router = NotificationRouter(self.journal, config.instruments)
        self.session = DeribitSession(
            config,
            clock,
            credentials=self._credentials,
            on_notification=self._router,
            on_lost=self._on_lost,
        )
        self.placement = OrderPlacement(
            self.session,
            self.journal,
            venue_id=config.venue_id,
            max_attempts=config.max_attempts,
            find=self._by_label,
        )
        self._cancellation = OrderCancellation(
            self.session, self.journal, venue_id=config.venue_id, max_attempts=config.max_attempts
        )
        self._lost_at_ms: int | None = None
        self.reconnects = 0

    @property
    def venue(self) -> Venue:
        return self._venue

    @property
    def connected(self) -> bool:
        """Socket open AND logged in: a session whose token Deribit refuses is not connected."""
        return self.session.connected

    @property
    def state_survives_restart(self) -> bool:
        """Deribit keeps our orders and trades while this service is down."""
        return True

    # -- lifecycle ---------------------------------------------------------------------
    async def connect(self) -> None:
        """Authenticate, set heartbeats (and cancel-on-disconnect), subscribe, and after a
        lost connection replay what happened during the gap. Connecting a connected venue
        does nothing: one session (and one event stream) per account."""
        if self.connected:
            return
        await self.session.open()
        try:
            await self._subscribe(self._router.channels)
            if self._lost_at_ms is not None:
                since = self._lost_at_ms - int(self._config.gap_overlap_s * 1000)
                currencies = self._config.currencies
                replayed = await recover_gap(self.session, self.journal, currencies, since)
                log.info("Deribit reconnected; %d event(s) recovered from the gap", replayed)
                self._lost_at_ms = None
        except BaseException:
            # Half set up is not connected: close, so that a supervisor tries again.
            await self.session.close()
            raise

    async def reconnect(self) -> None:
        if self._lost_at_ms is None:
            self._lost_at_ms = self._now_ms()
        await self.session.close()
        await self.connect()
        self.reconnects += 1

    async def disconnect(self) -> None:
        await self.session.shutdown()

    # -- orders ------------------------------------------------------------------------
    async def submit(self, order: Order) -> SubmitAck:
        """Raises `VenueOutcomeUnknown` when the order may be at Deribit and Deribit could not
        be asked; a `VenueError` only when Deribit refused or confirms it holds no order."""
        self.journal.remember(order)
        method, params = self._request(order)
        new_channels = self._router.add_instrument(order.listing)
        if new_channels and self.connected:
            await self._subscribe(new_channels)
        return await self.placement.submit(order, method, params)

    async def edit(self, order: Order, *, quantity: Decimal, price: Decimal | None) -> SubmitAck:
        params: dict[str, Any] = {"order_id": await self._order_id(order), "amount": quantity}
        if price is not None:
            params["price"] = price
        return self.placement.accept(await self.session.call("private/edit", params))

    async def cancel(self, order: Order) -> None:
        await self._cancellation.cancel(await self._order_id(order))

    async def cancel_all(self, instrument_key: str) -> int:
        params = {"instrument_name": mapping.deribit_name(instrument_key)}
        return int(await self.session.call("private/cancel_all_by_instrument", params))

    # -- queries -----------------------------------------------------------------------
    async def open_orders(self) -> list[VenueOrderState]:
        venue = self._venue.venue_id
        return [
            mapping.order_state(venue, data)
            for currency in self._config.currencies
            for data in await open_orders(self.session, currency)
        ]

    async def positions(self) -> list[VenuePosition]:
        found: list[VenuePosition] = []
        for currency in self._config.currencies:
            params = {"currency": currency}
            for data in await self.session.call("private/get_positions", params, query=True):
                position = mapping.position_of(self._venue.venue_id, data)
                if position.quantity:
                    found.append(position)
        return found

    async def order_status(self, client_order_id: ClientOrderId) -> VenueOrderState | None:
        """By label (`private/get_order_state_by_label`): works for orders of an earlier run."""
        data = await self._by_label(client_order_id, self._listing(client_order_id))
        return mapping.order_state(self._venue.venue_id, data) if data else None

    async def order_trades(self, client_order_id: ClientOrderId) -> list[Fill]:
        """Deribit's trades of the order(s) labelled `client_order_id`, with Deribit's own
        trade ids (`private/get_user_trades_by_order`), oldest first."""
        fills: list[Fill] = []
        for order_id in await self._order_ids_by_label(client_order_id):
            params = {"order_id": order_id, "sorting": "asc"}
            trades = await self.session.call("private/get_user_trades_by_order", params, query=True)
            fills += [self.journal.fill_event(trade).fill for trade in trades]
        return sorted(fills, key=lambda fill: fill.ts_event)

    async def fills_since(self, ts_ns: int) -> list[OrderFilled]:
        since_ms = ts_ns // NS_PER_MS
        return [
            self.journal.fill_event(trade)
            for currency in self._config.currencies
            for trade in await trades_since(self.session, currency, since_ms)
        ]

    async def subscribe_market_data(
        self, instrument_key: str, on_book: Callable[[OrderBook], None]
    ) -> None:
        channel = self._router.add_book(instrument_key, on_book)
        if self.connected:
            await self._subscribe([channel])

    def watch_book(self, instrument_key: str, on_book: Callable[[OrderBook], None]) -> None:
        """Books of `instrument_key` to `on_book` from the next (re)connect on."""
        self._router.add_book(instrument_key, on_book)

    def events(self) -> AsyncIterator[VenueEvent]:
        return self.journal.events()

    # -- internals ---------------------------------------------------------------------
    async def _subscribe(self, channels: list[str]) -> None:
        """Deribit answers the channels it subscribed and leaves out, without an error, any
        it does not serve: those are named, since their events only come by polling."""
        answer = await self.session.call("private/subscribe", {"channels": channels})
        refused = sorted(set(channels) - {str(c) for c in answer or []})
        if refused:
            log.warning("Deribit did not subscribe %s", ", ".join(refused))

    def _credentials(self) -> ApiCredentials:
        environ = os.environ if self._environ is None else self._environ
        return ApiCredentials.from_env(self._config, environ)

    def _request(self, order: Order) -> tuple[str, dict[str, Any]]:
        try:
            return mapping.order_request(order)
        except InvalidInstrumentKey as invalid:
            raise VenueError(
                self._venue.venue_id, "INSTRUMENT", str(invalid), retryable=False
            ) from None

    async def _order_id(self, order: Order) -> str:
        if order.venue_order_id:
            return order.venue_order_id
        known = self.journal.venue_order_id(order.client_order_id)
        if known is not None:
            return known
        data = await self._by_label(order.client_order_id, order.listing)
        if data is None:
            raise VenueError(
                self._venue.venue_id,
                "10004",
                f"order not found at Deribit (label {order.client_order_id})",
                retryable=False,
            )
        return str(data["order_id"])

    async def _by_label(self, label: str, instrument_key: str | None) -> dict[str, Any] | None:
        return await order_by_label(self.session, self._currencies(instrument_key), label)

    async def _order_ids_by_label(self, label: ClientOrderId) -> list[str]:
        found = await orders_by_label(self.session, self._currencies(self._listing(label)), label)
        return [str(order["order_id"]) for order in found]

    def _currencies(self, instrument_key: str | None) -> tuple[str, ...]:
        if instrument_key is not None:
            return (mapping.currency_of(mapping.deribit_name(instrument_key)),)
        return self._config.currencies

    def _listing(self, client_order_id: ClientOrderId) -> str | None:
        ref = self.journal.ref(client_order_id)
        return ref.instrument_key if ref else None

    def _on_lost(self) -> None:
        if self._lost_at_ms is None:
            self._lost_at_ms = self._now_ms()
        log.warning("Deribit connection lost")

    def _now_ms(self) -> int:
        return self._clock.now_ns() // NS_PER_MS
