"""Steps that act on the fake Deribit: books, trades by others, faults, disconnects."""

from __future__ import annotations

from decimal import Decimal

from pytest_bdd import given, parsers, then, when

from domain.ids import OperationId
from features.steps.live_world import DeribitWorld


@given(parsers.parse("Deribit's {instrument} book has asks {asks} and bids {bids}"))
def deribit_book(world: DeribitWorld, instrument: str, asks: str, bids: str) -> None:
    def levels(text: str) -> list[tuple[str, str]]:
        return [tuple(part.strip().split(" x ")) for part in text.split(",")]  # type: ignore[misc]

    world.fake.exchange.set_book(instrument, bids=levels(bids), asks=levels(asks))


@given(parsers.parse('Deribit answers the next {count:d} orders with error {code:d} "{message}"'))
def deribit_errors(world: DeribitWorld, count: int, code: int, message: str) -> None:
    for method in ("private/buy", "private/sell"):
        world.fake.faults.fail_next(method, code, message, count)


@given(parsers.parse("Deribit rate-limits the next {count:d} orders"))
def deribit_rate_limit(world: DeribitWorld, count: int) -> None:
    world.fake.faults.rate_limit_next(count, "private/buy")


@when(parsers.parse("someone sells {amount} at {price} on Deribit's {instrument}"))
def someone_sells(world: DeribitWorld, amount: str, price: str, instrument: str) -> None:
    world.fake.trade_against(instrument, "sell", Decimal(amount), Decimal(price))
    world.settle()


@when("Deribit drops the connection and refuses new ones")
def drop(world: DeribitWorld) -> None:
    world.build()
    world.run(world.fake.drop_connections(refuse_new=True))
    world.settle()


@when("Deribit accepts connections again")
def accept(world: DeribitWorld) -> None:
    world.fake.accept_connections()


@given(parsers.parse('Deribit places the next order but answers error {code:d} "{message}"'))
def deribit_error_after_work(world: DeribitWorld, code: int, message: str) -> None:
    world.fake.faults.error_after_work(None, code, message)


@given("Deribit places the next order and then drops the connection")
def deribit_loses_the_answer(world: DeribitWorld) -> None:
    world.build()
    for method in ("private/buy", "private/sell"):
        world.fake.faults.lose_answer(method, "drop")


@given("Deribit has expired the session's token")
def deribit_expires_tokens(world: DeribitWorld) -> None:
    world.build()
    world.fake.expire_tokens()


@then(parsers.parse('Deribit holds {count:d} order for operation "{operation}"'))
def deribit_holds(world: DeribitWorld, count: int, operation: str) -> None:
    order = world.run(world.core.oms().get(OperationId(operation)))
    assert order is not None, operation
    held = world.fake.orders_with_label(order.client_order_id)
    assert len(held) == count, held
