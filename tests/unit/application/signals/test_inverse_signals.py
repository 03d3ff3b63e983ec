"""Signals on an inverse perpetual: base-unit targets sized at the market, on memory adapters."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bootstrap.build import ApplicationContainer, build_container
from bootstrap.settings.loader import parse_settings
from domain.book import BookLevel, OrderBook
from domain.enums import OrderSide, OrderType
from domain.errors import InvalidOrderRequest
from domain.ids import OperationId, StrategyId
from domain.order_request import OrderRequest
from domain.signal import Signal
from tests.backtest import tiny_market as tm

PERP = "DERIBIT:PERPETUAL:BTC-USD@INV"


async def a_desk() -> ApplicationContainer:
    settings = parse_settings(
        {"venues": [{"venue_id": "DERIBIT", "instruments": [PERP], "min_size": "10"}]}
    )
    container = build_container("test", settings)
    await container.infra.venues().get("DERIBIT").connect()
    return container


def book(container: ApplicationContainer, bid: str, ask: str) -> None:
    container.infra.venues().get("DERIBIT").set_book(
        OrderBook(
            instrument_key=PERP,
            bids=(BookLevel(price=Decimal(bid), size=Decimal(10**6)),),
            asks=(BookLevel(price=Decimal(ask), size=Decimal(10**6)),),
        )
    )


def signal(number: int, target: str, limit: str | None = None) -> Signal:
    return tm.signal(number, number, target, key=PERP, limit=limit)


async def test_without_a_price_the_signal_is_refused_naming_its_field_and_can_come_again():
    desk = await a_desk()
    execute = desk.core.execute_signal()
    with pytest.raises(InvalidOrderRequest) as refused:
        await execute(signal(1, "0.2"))
    assert refused.value.field == "target_quantity"
    assert await desk.core.oms().get("alpha-001") is None
    book(desk, "39990", "40010")
    outcome = await execute(signal(1, "0.2"))  # the same signal, now sized: 8,000 USD
    assert outcome.result is not None
    assert outcome.result.fills[0].quantity == Decimal(8000)


async def test_a_resting_order_is_kept_when_the_next_signal_cannot_be_sized():
    desk = await a_desk()  # no book: no price
    resting = await desk.core.orchestrator().execute(
        OrderRequest(
            operation_id=OperationId("alpha-001"),
            instrument_key=PERP,
            side=OrderSide.BUY,
            quantity=Decimal(8000),
            order_type=OrderType.LIMIT,
            price=Decimal(39000),
            strategy_id=StrategyId("alpha"),
        )
    )
    assert resting.status.value == "ACCEPTED", resting
    execute = desk.core.execute_signal()
    with pytest.raises(InvalidOrderRequest):
        await execute(signal(2, "0.1"))
    order = await desk.core.oms().get("alpha-001")
    assert order is not None
    assert order.status.value == "ACCEPTED"


async def test_growing_and_halving_a_target_in_base_units():
    desk = await a_desk()
    book(desk, "39995", "40005")
    execute = desk.core.execute_signal()
    first = await execute(signal(1, "0.25"))  # 10,000 USD at the 40,000 mid
    assert first.result.fills[0].quantity == Decimal(10_000)
    book(desk, "49995", "50005")
    more = await execute(signal(2, "0.35"))  # 0.1 BTC more, at 50,000 now
    assert more.current == Decimal(10_000) / Decimal(40_005)
    half = await execute(signal(3, "0.17"))
    assert half.result is not None
    assert half.result.fills[0].side.value == "SELL"
    position = desk.core.exposure().filled_position("alpha", PERP)
    assert abs(position.base - Decimal("0.17")) < Decimal("0.0003")  # a 10 USD lot's worth
