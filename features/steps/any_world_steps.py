"""Steps that read the same in every world: memory venues, the fake Deribit, a paper node."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from pytest_bdd import given, parsers, then, when

from features.steps.world import TradingWorld


@attrs.frozen
class Market:
    """A world's market in its own units: one lot, and a price far below the touch."""

    lot: str
    far_below: str


MARKETS = {
    "memory": Market(lot="1", far_below="20000"),  # BTC at 30,000
    "deribit": Market(lot="10", far_below="40000"),  # USD contracts at 50,000
    "sandbox": Market(lot="0.010", far_below="5000"),  # BTCUSDT of 2020-02-22, ~9,700
}


def _world_of(kind: str) -> TradingWorld:
    if kind == "memory":
        world = TradingWorld()
        world.add_venue("BINANCE-FUTURES", taker_fee="0.0004", maker_fee="0.0002")
        world.set_book("BINANCE-FUTURES", "BTC", bids=[("29990", "5")], asks=[("30010", "5")])
        world.build()
        return world
    from features.steps.live_world import DeribitWorld, SandboxNodeWorld

    if kind == "deribit":
        deribit = DeribitWorld()
        book = {"bids": [("49990", "1000")], "asks": [("50000", "1000")]}
        deribit.fake.exchange.set_book("BTC-PERPETUAL", **book)
        deribit.build()
        return deribit
    if kind == "sandbox":
        node = SandboxNodeWorld()
        node.build()
        node.replay(20)
        return node
    raise ValueError(f"no world {kind!r}: one of {', '.join(MARKETS)}")


@given(parsers.parse("a {kind} world with a market"), target_fixture="world")
def a_world_with_a_market(kind: str, request: pytest.FixtureRequest) -> TradingWorld:
    world = _world_of(kind)
    world.market = MARKETS[kind]  # type: ignore[attr-defined]
    request.addfinalizer(world.close)
    return world


@when(parsers.parse('strategy "{strategy}" buys one lot at market as "{op}"'))
def buys_one_lot(world: TradingWorld, strategy: str, op: str) -> None:
    world.send(strategy, "buys", world.market.lot, "BTC", op)  # type: ignore[attr-defined]


@when(parsers.parse('strategy "{strategy}" buys one lot far below the market as "{op}"'))
def rests_one_lot(world: TradingWorld, strategy: str, op: str) -> None:
    market: Market = world.market  # type: ignore[attr-defined]
    world.send(strategy, "buys", market.lot, "BTC", op, price=market.far_below)


@then(parsers.parse("the account holds {size}"))
def position_in_lots(world: TradingWorld, size: str) -> None:
    lots = {"nothing": Decimal(0), "one lot": Decimal(1)}[size]
    expected = lots * Decimal(world.market.lot)  # type: ignore[attr-defined]

    def check() -> None:
        held = world.build().core.positions().position(world.key("BTC")).aggregated_quantity
        assert held == expected, held

    world.eventually(check)
