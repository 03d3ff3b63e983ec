"""Then steps: statuses, rejections, routes, splits, positions, breakers."""

from __future__ import annotations

from decimal import Decimal

from pytest_bdd import parsers, then

from application.execution.cancel_order import NotCancelable
from domain.errors import InvalidOrderRequest
from domain.ids import OperationId
from domain.order_request import ExecutionResult
from features.steps.world import TradingWorld


def _result(world: TradingWorld, op: str) -> ExecutionResult:
    assert op not in world.errors, f"{op} raised {world.errors[op]!r}"
    return world.results[op]


@then(parsers.re(r'operation "(?P<op>[^"]+)" is (?P<status>[A-Z_]+)$'))
def status_is(world: TradingWorld, op: str, status: str) -> None:
    def check() -> None:
        order = world.order(op)
        assert order.status.value == status, (order.status, order.rejection_reason)

    world.eventually(check)


@then(parsers.parse('operation "{op}" is rejected with code "{code}"'))
def rejected_with(world: TradingWorld, op: str, code: str) -> None:
    result = _result(world, op)
    assert result.status.value == "REJECTED", result
    assert result.rejection_code == code, result
    assert result.error_message
    assert len(result.error_message) > len(code) + 2, "the reason says more than the code"


@then(parsers.parse('operation "{op}" fails with "{text}"'))
def fails_with(world: TradingWorld, op: str, text: str) -> None:
    order = world.order(op)
    assert order.status.value == "REJECTED", order.status
    assert text in (order.error_message or order.rejection_reason or ""), order.error_message


@then(parsers.parse('operation "{op}" went to "{venue}"'))
def went_to(world: TradingWorld, op: str, venue: str) -> None:
    assert world.order(op).venue_label == venue, world.order(op).venues


@then(parsers.parse('operation "{op}" is split as {allocation}'))
def split_as(world: TradingWorld, op: str, allocation: str) -> None:
    expected = {}
    for part in allocation.split(","):
        quantity, _, venue = part.strip().partition(" on ")
        expected[venue.strip('"')] = Decimal(quantity)
    children = world.run(world.core.oms().list(parent_operation_id=op))
    actual = {child.venue: child.quantity for child in children}
    assert actual == expected, actual


@then(parsers.parse('operation "{op}" has filled {quantity} at an average of {price}'))
def filled_at(world: TradingWorld, op: str, quantity: str, price: str) -> None:
    order = world.order(op)
    assert order.filled_quantity == Decimal(quantity), order.filled_quantity
    assert order.avg_fill_price is not None
    assert order.avg_fill_price.quantize(Decimal("0.0001")) == Decimal(price).quantize(
        Decimal("0.0001")
    ), order.avg_fill_price


@then(parsers.parse('operation "{op}" has {count:d} fills'))
def fill_count(world: TradingWorld, op: str, count: int) -> None:
    def check() -> None:
        fills = world.run(world.core.oms().fills_for(OperationId(op)))
        assert len(fills) == count, fills

    world.eventually(check)


@then(parsers.parse("the {asset} position is {quantity}"))
def position_is(world: TradingWorld, asset: str, quantity: str) -> None:
    position = world.build().core.positions().position(world.key(asset))
    assert position.aggregated_quantity == Decimal(quantity), position.aggregated_quantity


@then(parsers.parse('the {asset} position on "{venue}" is {quantity}'))
def venue_position_is(world: TradingWorld, asset: str, venue: str, quantity: str) -> None:
    position = world.build().core.positions().position(world.key(asset))
    assert position.venues[venue].quantity == Decimal(quantity), position.venues


@then(parsers.parse('the cancel of "{op}" is refused because it is {status}'))
def cancel_refused(world: TradingWorld, op: str, status: str) -> None:
    error = world.errors.get(op)
    assert isinstance(error, NotCancelable), error
    assert error.status.value == status


@then(parsers.parse('"{venue}" received {count:d} submits'))
def submits(world: TradingWorld, venue: str, count: int) -> None:
    assert world.venue(venue).faults.submit_calls == count, world.venue(venue).faults


@then(parsers.parse('the circuit breaker of "{venue}" is {state}'))
def breaker_state(world: TradingWorld, venue: str, state: str) -> None:
    assert world.core.breakers().state(venue).value == state


@then(parsers.parse('the routing of "{op}" explains every venue'))
def routing_explained(world: TradingWorld, op: str) -> None:
    events = world.build().infra.publisher().events
    decisions = [event[1] for topic, event in events if topic == "order.routed" and event[0] == op]
    assert decisions, "no routing decision published"
    venues = {score.venue for score in decisions[0].scores}
    assert venues == {row["venue_id"] for row in world.venue_rows}, venues
    assert all(s.reason or s.total_bps is not None for s in decisions[0].scores)


@then(parsers.parse('operation "{op}" has {count:d} child orders'))
def child_orders(world: TradingWorld, op: str, count: int) -> None:
    children = world.run(world.core.oms().list(parent_operation_id=op))
    assert len(children) == count, (world.results, world.errors)


@then(parsers.parse('the order "{op}" is refused naming "{field}"'))
def refused_naming(world: TradingWorld, op: str, field: str) -> None:
    error = world.errors.get(op)
    assert isinstance(error, InvalidOrderRequest), error
    assert error.field == field, error.field
    assert world.run(world.core.oms().get(op)) is None, "nothing may be recorded"
