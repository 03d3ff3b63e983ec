"""Steps of the one-pipeline rules: signals that move a stream's target, algorithm venues."""

from __future__ import annotations

from decimal import Decimal

from pytest_bdd import parsers, then, when

from domain.enums import OrderType
from domain.ids import OperationId, SignalId, StrategyId
from domain.signal import Signal
from features.steps.world import TradingWorld


@when(
    parsers.re(
        r'strategy "(?P<strategy>[^"]+)" targets (?P<target>-?[\d.]+) (?P<asset>[A-Z]+)'
        r'(?: limit (?P<price>[\d.]+))? as "(?P<sig>[^"]+)"'
    )
)
def targets(
    world: TradingWorld, strategy: str, target: str, asset: str, price: str | None, sig: str
) -> None:
    quantity = Decimal(target)
    signal = Signal(
        signal_id=SignalId(sig),
        strategy_id=StrategyId(strategy),
        instrument_key=world.key(asset),
        ts_event=world.clock.now_ns(),
        direction=(quantity > 0) - (quantity < 0),
        target_quantity=quantity,
        order_type=OrderType.LIMIT if price else OrderType.MARKET,
        limit_price=Decimal(price) if price else None,
    )
    world.run(world.build().core.execute_signal()(signal))
    world.settle()


@when(
    parsers.parse(
        'the {asset} book on "{venue}" becomes bid {bid} x {bid_size} / ask {ask} x {ask_size}'
    )
)
def book_becomes(
    world: TradingWorld, asset: str, venue: str, bid: str, bid_size: str, ask: str, ask_size: str
) -> None:
    world.set_book(venue, asset, [(bid, bid_size)], [(ask, ask_size)])


@then(parsers.parse('signal "{sig}" ordered to {side} {quantity}'))
def ordered(world: TradingWorld, sig: str, side: str, quantity: str) -> None:
    order = world.order(sig)
    assert (order.side.value, order.quantity) == (side, Decimal(quantity)), order


@then(parsers.parse('signal "{sig}" sent no order'))
def sent_nothing(world: TradingWorld, sig: str) -> None:
    assert world.run(world.core.oms().get(OperationId(sig))) is None


@then(parsers.parse('every child of "{op}" went to "{venue}"'))
def children_went_to(world: TradingWorld, op: str, venue: str) -> None:
    children = world.run(world.core.oms().list(parent_operation_id=OperationId(op)))
    assert children, f"{op} has no children"
    assert {child.venue for child in children} == {venue}, [c.venue for c in children]
