"""When steps: orders, cancels, trades at the venue, time passing."""

from __future__ import annotations

from decimal import Decimal

from pytest_bdd import parsers, when

from domain.enums import TradingState
from domain.ids import OperationId
from features.steps.world import TradingWorld

ORDER = (
    r'strategy "(?P<strategy>[^"]+)" (?P<side>buys|sells) (?P<quantity>[\d.]+) (?P<asset>[A-Z]+)'
    r'(?: limit (?P<price>[\d.]+))?(?: on "(?P<venue>[^"]+)")?'
    r"(?: by (?P<algo>TWAP|VWAP|ICEBERG)"
    r"(?: with horizon (?P<horizon>\d+) s every (?P<interval>\d+) s"
    r"| showing (?P<visible>[\d.]+))?)?"
    r' as "(?P<op>[^"]+)"'
)


@when(parsers.re(ORDER))
def order_step(
    world: TradingWorld,
    strategy: str,
    side: str,
    quantity: str,
    asset: str,
    op: str,
    price: str | None,
    venue: str | None,
    algo: str | None,
    horizon: str | None,
    interval: str | None,
    visible: str | None,
) -> None:
    params: dict[str, object] = {}
    if horizon is not None:
        params = {"horizon_secs": int(horizon), "interval_secs": int(interval or 0)}
    if visible is not None:
        params = {"visible_quantity": visible}
    world.send(strategy, side, quantity, asset, op, price, venue, algo, params)


@when(
    parsers.re(
        r'strategy "(?P<strategy>[^"]+)" sends (?P<count>\d+) orders of (?P<quantity>[\d.]+) '
        r"(?P<asset>[A-Z]+) within one second"
    )
)
def burst(world: TradingWorld, strategy: str, count: str, quantity: str, asset: str) -> None:
    for n in range(int(count)):
        world.send(strategy, "buys", quantity, asset, f"{strategy}-burst-{n}")


@when(parsers.parse('operation "{op}" is canceled'))
def cancel(world: TradingWorld, op: str) -> None:
    try:
        world.results[op] = world.run(world.core.cancel_order()(OperationId(op)))
    except Exception as error:
        world.errors[op] = error
    world.settle()


@when(parsers.parse('a trade prints at {price} for {quantity} {asset} on "{venue}"'))
def trade_prints(world: TradingWorld, price: str, quantity: str, asset: str, venue: str) -> None:
    simulated = world.venue(venue)
    world.run(simulated.trade_against(world.key(asset, venue), Decimal(price), Decimal(quantity)))
    world.settle()


@when(parsers.parse("the clock advances {seconds:g} seconds"))
def advance(world: TradingWorld, seconds: float) -> None:
    world.run(world.clock.advance(seconds))
    world.settle()


@when(parsers.parse('"{venue}" recovers'))
def recovers(world: TradingWorld, venue: str) -> None:
    faults = world.venue(venue).faults
    faults.down, faults.failing_submits, faults.reject_reason = False, 0, None


@when(parsers.parse('the fills of "{op}" are delivered again'))
def replay_fills(world: TradingWorld, op: str) -> None:
    order = world.order(op)
    for fill in world.results[op].fills:
        world.run(world.core.tracking().on_fill(order, fill))
    world.settle()


@when(parsers.parse("the limit {name} is reloaded to {value}"))
def reload_limit(world: TradingWorld, name: str, value: str) -> None:
    world.set_risk(name, int(value) if "orders_per" in name else value)


@when(parsers.parse("the trading state becomes {state}"))
def trading_state_becomes(world: TradingWorld, state: str) -> None:
    world.core.risk().set_trading_state(TradingState(state))
