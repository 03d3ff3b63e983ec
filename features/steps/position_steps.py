"""Steps on a single netting position (pure domain, no services)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pytest_bdd import given, parsers, then, when

from domain.enums import OrderSide
from domain.position import Position


@given(parsers.parse("a flat {kind} position"), target_fixture="position")
def flat_position(kind: str) -> Position:
    return Position(instrument_key="X:PERPETUAL:BTC-USDT@LIN", venue="X", inverse=kind == "inverse")


@when(parsers.parse("it {side} {quantity} at {price} with fee {fee}"))
def trade(position: Position, side: str, quantity: str, price: str, fee: str) -> None:
    position.apply(
        OrderSide.BUY if side == "buys" else OrderSide.SELL,
        Decimal(quantity),
        Decimal(price),
        Decimal(fee),
    )


@then(parsers.parse("the position is {quantity} at an average entry of {price}"))
def position_is(position: Position, quantity: str, price: str) -> None:
    assert position.quantity == Decimal(quantity)
    assert position.avg_entry_price == pytest.approx(Decimal(price), abs=Decimal("1e-12"))


@then(parsers.parse("realized PnL is {pnl}"))
def realized(position: Position, pnl: str) -> None:
    assert position.realized_pnl == pytest.approx(Decimal(pnl), abs=Decimal("1e-12"))


@then(parsers.parse("unrealized PnL at {mark} is {pnl}"))
def unrealized(position: Position, mark: str, pnl: str) -> None:
    assert position.unrealized_pnl(Decimal(mark)) == Decimal(pnl)


@then(parsers.parse("fees paid are {fees}"))
def fees(position: Position, fees: str) -> None:
    assert position.fees == Decimal(fees)
