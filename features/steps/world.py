"""The trading world the BDD steps act on: a test-profile container with simulated venues."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from decimal import Decimal
from typing import Any, TypeVar

from adapters.memory.clock import ControllableClock
from adapters.memory.simulated_venue import SimulatedVenue
from application.execution.orchestrator import ExecutionOrchestrator
from bootstrap.build import ApplicationContainer, build_container
from bootstrap.containers.core import CoreContainer
from bootstrap.settings.loader import parse_settings, risk_limits
from domain.book import BookLevel, OrderBook
from domain.enums import ExecAlgorithm, OrderSide, OrderType
from domain.ids import OperationId, StrategyId
from domain.order import Order
from domain.order_request import ExecutionResult, OrderRequest

T = TypeVar("T")
ASSETS = ("BTC", "ETH")


def listing(venue: str, asset: str) -> str:
    return f"{venue}:PERPETUAL:{asset}-USDT@LIN"


class TradingWorld:
    """Builds the container lazily from what the Given steps declared, then runs orders."""

    def __init__(self) -> None:
        self.venue_rows: list[dict[str, Any]] = []
        self.risk: dict[str, Any] = {}
        # Backoff sleeps on the controllable clock would wait for a test to advance it.
        self.resilience: dict[str, Any] = {"retry_base_delay_seconds": 0}
        self.container: ApplicationContainer | None = None
        self.loop = asyncio.new_event_loop()
        self.results: dict[str, ExecutionResult] = {}
        self.errors: dict[str, Exception] = {}
        self.pending_books: list[tuple[str, OrderBook]] = []

    # -- building ----------------------------------------------------------------------
    def add_venue(self, venue_id: str, **fields: Any) -> None:
        row = {"venue_id": venue_id, "instruments": [listing(venue_id, a) for a in ASSETS]}
        row.update({k: v for k, v in fields.items() if v is not None})
        self.venue_rows.append(row)

    def build(self) -> ApplicationContainer:
        if self.container is None:
            settings = parse_settings(
                {"venues": self.venue_rows, "risk": self.risk, "resilience": self.resilience}
            )
            self.container = build_container("test", settings)
            for venue_id, book in self.pending_books:
                self.venue(venue_id).set_book(book)
            self.run(self.container.core.event_pump().start())
        return self.container

    def close(self) -> None:
        if self.container is not None:
            self.run(self.container.core.event_pump().stop())
        self.loop.close()

    # -- access ------------------------------------------------------------------------
    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coroutine)

    @property
    def orchestrator(self) -> ExecutionOrchestrator:
        return self.build().core.orchestrator()

    @property
    def core(self) -> CoreContainer:
        return self.build().core

    @property
    def clock(self) -> ControllableClock:
        return self.build().infra.clock()

    def venue(self, venue_id: str) -> SimulatedVenue:
        return self.build().infra.venues().get(venue_id)  # type: ignore[return-value]

    def key(self, asset: str, venue: str | None = None) -> str:
        return listing(venue or self.venue_rows[0]["venue_id"], asset)

    def set_book(
        self, venue_id: str, asset: str, bids: list[tuple[str, str]], asks: list[tuple[str, str]]
    ) -> None:
        book = OrderBook(
            instrument_key=listing(venue_id, asset),
            bids=tuple(BookLevel(price=Decimal(p), size=Decimal(s)) for p, s in bids),
            asks=tuple(BookLevel(price=Decimal(p), size=Decimal(s)) for p, s in asks),
        )
        if self.container is None:
            self.pending_books.append((venue_id, book))
        else:
            self.venue(venue_id).set_book(book)

    def set_risk(self, name: str, value: Any) -> None:
        self.risk[name] = value
        if self.container is not None:
            settings = parse_settings({"venues": self.venue_rows, "risk": self.risk})
            self.core.risk().reload(risk_limits(settings))

    def order(self, operation_id: str) -> Order:
        order = self.run(self.core.oms().get(operation_id))
        assert order is not None, f"no order {operation_id}"
        return order

    def eventually(self, check: Callable[[], Any], timeout: float = 0.0) -> Any:
        """Run an assertion; worlds with real networks retry it until it passes."""
        return check()

    def settle(self) -> None:
        self.run(self.build().core.event_pump().drain())

    def send(
        self,
        strategy: str,
        side: str,
        quantity: str,
        asset: str,
        op: str,
        price: str | None = None,
        venue: str | None = None,
        algo: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        request = OrderRequest(
            operation_id=OperationId(op),
            instrument_key=self.key(asset),
            side=OrderSide.BUY if side == "buys" else OrderSide.SELL,
            quantity=Decimal(quantity),
            order_type=OrderType.LIMIT if price else OrderType.MARKET,
            price=Decimal(price) if price else None,
            strategy_id=StrategyId(strategy),
            venue=venue,
            exec_algorithm=ExecAlgorithm(algo) if algo else ExecAlgorithm.NORMAL,
            exec_algorithm_params=params or {},
        )
        try:
            self.results[op] = self.run(self.orchestrator.execute(request))
        except Exception as error:  # kept for Then steps that expect a refusal
            self.errors[op] = error
        self.settle()
