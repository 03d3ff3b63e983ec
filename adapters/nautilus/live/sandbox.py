"""The sandbox exchanges of paper venues: orders the matching engine dropped, worked on."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from nautilus_trader.model.enums import OrderType as NautilusOrderType
from nautilus_trader.model.identifiers import ClientId, InstrumentId


class SandboxMatching:
    """What a venue does and the sandbox, run inside a live node, does not.

    The sandbox fills a market order against the book while the node has not yet applied
    the order's own events, so its matching engine never sees the order open: it fills
    the visible size and forgets the rest, and a later cancel is refused as "not found".
    Here such a remainder is handed back to the matching engine at every book update of
    its instrument (it fills as the engine fills market orders: the visible size, the
    rest slipped a tick on a one-level book), and a cancel of an order the engine no
    longer holds is carried out on the engine directly, so it answers as a venue would.
    """

    def __init__(self, exec_engine: Any, exec_client_ids: Iterable[str]) -> None:
        clients = exec_engine._clients  # readonly on the engine; no public getter by id
        self._exchanges = {
            client_id: clients[ClientId(client_id)].exchange
            for client_id in exec_client_ids
            if ClientId(client_id) in clients
        }

    def _engine(self, client_id: str, instrument_id: InstrumentId) -> Any:
        exchange = self._exchanges.get(client_id)
        return exchange.get_matching_engine(instrument_id) if exchange is not None else None

    def best_ask(self, client_id: str, instrument_id: InstrumentId) -> Decimal | None:
        """The sandbox's best ask: what its matching engine would buy from now."""
        exchange = self._exchanges.get(client_id)
        price = exchange.best_ask_price(instrument_id) if exchange is not None else None
        return price.as_decimal() if price is not None else None

    def work_remainders(self, client_id: str, instrument_id: InstrumentId, orders: Any) -> int:
        """Give open market orders of the instrument (the node's view) to the engine again
        after it saw a book update; returns how many were worked."""
        engine = self._engine(client_id, instrument_id)
        if engine is None:
            return 0
        worked = 0
        for order in orders:
            if _dropped_remainder(engine, order):
                engine.fill_market_order(order)
                worked += 1
        return worked

    def cancel_dropped(self, client_id: str, order: Any) -> bool:
        """Cancel on the engine an open order it no longer holds; False when it holds it
        (then the ordinary cancel command goes)."""
        engine = self._engine(client_id, order.instrument_id)
        if engine is None or engine.order_exists(order.client_order_id) or not order.is_open:
            return False
        engine.cancel_order(order)
        return True


def _dropped_remainder(engine: Any, order: Any) -> bool:
    return (
        order.order_type == NautilusOrderType.MARKET
        and order.is_open
        and not order.is_pending_cancel
        and order.leaves_qty.as_decimal() > 0
        and not engine.order_exists(order.client_order_id)
    )
