"""The service's strategy inside the TradingNode: our orders in, the node's events out."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from nautilus_trader.config import StrategyConfig
from nautilus_trader.model.enums import OrderSide as NautilusSide
from nautilus_trader.model.enums import TimeInForce as NautilusTif
from nautilus_trader.model.identifiers import ClientId, ExecAlgorithmId, InstrumentId
from nautilus_trader.model.identifiers import ClientOrderId as NautilusClientOrderId
from nautilus_trader.model.objects import Price, Quantity
from nautilus_trader.trading.strategy import Strategy

from adapters.nautilus.live import mapping
from adapters.nautilus.live.config import NautilusVenueConfig
from adapters.nautilus.live.desk import OrderDesk
from adapters.nautilus.live.sandbox import SandboxMatching
from domain.enums import ExecAlgorithm, OrderSide, OrderType, TimeInForce
from domain.errors import VenueError
from domain.ids import ClientOrderId
from domain.order import Order
from domain.venue_state import VenueOrderState

BRIDGE_STRATEGY_ID = "ODUM-BRIDGE"
_TIF = {
    TimeInForce.GTC: NautilusTif.GTC,
    TimeInForce.IOC: NautilusTif.IOC,
    TimeInForce.FOK: NautilusTif.FOK,
    TimeInForce.DAY: NautilusTif.DAY,
}
_ORDER_TOPICS = "events.order.*"
_POSITION_TOPICS = "events.position.*"


class NodeBridge(Strategy):
    """Submits and cancels our orders under OUR client order ids on each venue's client,
    subscribes the venues' quotes and trades (which also drives the sandbox), and hands
    every order and position event on the message bus (any strategy's, so reconciled
    orders too) to the desk. Stopping leaves orders as the venue has them."""

    def __init__(self, venues: Sequence[NautilusVenueConfig], desk: OrderDesk) -> None:
        super().__init__(StrategyConfig(strategy_id=BRIDGE_STRATEGY_ID))
        self._venues = list(venues)
        self._desk = desk
        self._paper = {
            nautilus_id: venue.exec_client_id
            for venue in self._venues
            if venue.options.paper
            for nautilus_id in venue.instrument_ids.values()
        }
        self.sandbox: SandboxMatching | None = None  # set by the node once its clients exist
        self.started = asyncio.Event()

    def on_start(self) -> None:
        self.msgbus.subscribe(_ORDER_TOPICS, self._desk.on_order_event)
        self.msgbus.subscribe(_POSITION_TOPICS, self._desk.on_position_event)
        for venue in self._venues:
            client = ClientId(venue.data_client_id)
            for nautilus_id in venue.instrument_ids.values():
                instrument_id = InstrumentId.from_str(nautilus_id)
                self.subscribe_quote_ticks(instrument_id, client_id=client)
                self.subscribe_trade_ticks(instrument_id, client_id=client)
        self._desk.attach(
            self.nautilus_order, self.cache.positions_open(), self.cache.instruments()
        )
        self.started.set()

    def on_stop(self) -> None:
        """Nothing is canceled or closed: open orders stay as the venue has them."""
        self.msgbus.unsubscribe(_ORDER_TOPICS, self._desk.on_order_event)
        self.msgbus.unsubscribe(_POSITION_TOPICS, self._desk.on_position_event)
        self._desk.detach()

    def on_quote_tick(self, tick: Any) -> None:
        self._desk.on_quote(tick)
        self._book_moved(tick.instrument_id)

    def on_trade_tick(self, tick: Any) -> None:
        self._book_moved(tick.instrument_id)

    def _book_moved(self, instrument_id: InstrumentId) -> None:
        client_id = self._paper.get(instrument_id.value)
        if client_id is not None and self.sandbox is not None:
            orders = self.cache.orders_open(instrument_id=instrument_id)
            self.sandbox.work_remainders(client_id, instrument_id, orders)

    def nautilus_order(self, client_order_id: str) -> Any:
        return self.cache.order(NautilusClientOrderId(client_order_id))

    # -- orders --------------------------------------------------------------------------
    def send(self, venue: NautilusVenueConfig, order: Order) -> None:
        instrument = self._instrument(venue, order.listing)
        side = NautilusSide.BUY if order.side is OrderSide.BUY else NautilusSide.SELL
        contracts = self._desk.sizes.to_venue(instrument.id.value, order.quantity)
        quantity = _quantity(instrument, contracts)
        common: dict[str, Any] = {
            "time_in_force": _TIF[order.time_in_force],
            "client_order_id": NautilusClientOrderId(order.client_order_id),
        }
        if order.exec_algorithm is not ExecAlgorithm.NORMAL:
            # Worked inside the node by the algorithm the backtest registers too.
            common["exec_algorithm_id"] = ExecAlgorithmId(order.exec_algorithm.value)
            common["exec_algorithm_params"] = dict(order.exec_algorithm_params)
        if order.order_type is OrderType.MARKET:
            made = self.order_factory.market(instrument.id, side, quantity, **common)
        else:
            if order.price is None:
                raise VenueError(
                    venue.venue_id, "PRICE", "a limit order needs a price", retryable=False
                )
            price = _price(instrument, order.price)
            made = self.order_factory.limit(instrument.id, side, quantity, price, **common)
        self.submit_order(made, client_id=ClientId(venue.exec_client_id))

    def send_cancel(self, venue: NautilusVenueConfig, order: Order) -> None:
        known = self.nautilus_order(order.client_order_id)
        if self.sandbox is not None and self.sandbox.cancel_dropped(venue.exec_client_id, known):
            return  # the sandbox had dropped it (a market remainder): canceled on its engine
        self.cancel_order(known, client_id=ClientId(venue.exec_client_id))

    def order_family(
        self, venue: NautilusVenueConfig, client_order_id: ClientOrderId
    ) -> tuple[str, Any, list[Any]] | None:
        """Our order on this venue (listing key, the order, it and the slices an execution
        algorithm spawned from it), or None when the node holds no such order here."""
        order = self.nautilus_order(client_order_id)
        key = _key_of(venue, order) if order is not None else None
        if key is None:
            return None
        family = []
        if order.exec_algorithm_id is not None:
            family = self.cache.orders_for_exec_spawn(order.client_order_id)
        return key, order, family or [order]

    def order_state(
        self, venue: NautilusVenueConfig, client_order_id: ClientOrderId
    ) -> VenueOrderState | None:
        found = self.order_family(venue, client_order_id)
        if found is None:
            return None
        size = self._desk.sizes.of(found[1].instrument_id.value)
        return mapping.family_state(venue.venue_id, *found, size)

    def open_orders(self, venue: NautilusVenueConfig) -> list[VenueOrderState]:
        states = []
        for key, nautilus_id in venue.instrument_ids.items():
            size = self._desk.sizes.of(nautilus_id)
            for order in self.cache.orders_open(instrument_id=InstrumentId.from_str(nautilus_id)):
                states.append(mapping.order_state(venue.venue_id, key, order, size))
        return states

    def _instrument(self, venue: NautilusVenueConfig, listing: str) -> Any:
        nautilus_id = venue.instrument_ids.get(listing)
        if nautilus_id is None:
            raise VenueError(
                venue.venue_id, "INSTRUMENT", f"{listing} is not listed here", retryable=False
            )
        instrument = self.cache.instrument(InstrumentId.from_str(nautilus_id))
        if instrument is None:
            raise VenueError(
                venue.venue_id,
                "INSTRUMENT",
                f"{listing} ({nautilus_id}) is not loaded in the node",
                retryable=False,
            )
        return instrument


def _key_of(venue: NautilusVenueConfig, order: Any) -> str | None:
    wanted = order.instrument_id.value
    return next((k for k, i in venue.instrument_ids.items() if i == wanted), None)


def _places(value: Decimal) -> int:
    return max(0, -int(value.normalize().as_tuple().exponent))


def _quantity(instrument: Any, value: Decimal) -> Quantity:
    """At the instrument's precision; a finer quantity goes as is, for the node's risk
    engine to deny with its reason (never silently rounded)."""
    if _places(value) <= instrument.size_precision:
        return instrument.make_qty(value)
    return Quantity.from_str(format(value, "f"))


def _price(instrument: Any, value: Decimal) -> Price:
    if _places(value) <= instrument.price_precision:
        return instrument.make_price(value)
    return Price.from_str(format(value, "f"))
