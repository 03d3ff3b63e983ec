"""Given steps: venues, books, limits, holdings and injected faults."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from pytest_bdd import given, parsers

from domain.enums import TradingState
from features.steps.world import TradingWorld

BPS = Decimal("0.0001")


@pytest.fixture
def world(request: pytest.FixtureRequest) -> Iterator[TradingWorld]:
    """Simulated venues on a controllable clock; `@live` trades a fake Deribit, `@sandbox` a
    paper TradingNode."""
    if request.node.get_closest_marker("live"):
        from features.steps.live_world import DeribitWorld

        trading_world: TradingWorld = DeribitWorld()
    elif request.node.get_closest_marker("sandbox"):
        from features.steps.live_world import SandboxNodeWorld

        trading_world = SandboxNodeWorld()
    else:
        trading_world = TradingWorld()
    yield trading_world
    trading_world.close()


def _rate(bps: str | None) -> str | None:
    return None if bps in (None, "") else str(Decimal(bps) * BPS)


@given("venues:")
def venues_table(world: TradingWorld, datatable: list[list[str]]) -> None:
    header, *body = datatable
    for cells in body:
        row = dict(zip(header, cells, strict=True))
        world.add_venue(
            row["venue"],
            taker_fee=_rate(row.get("taker_bps")),
            maker_fee=_rate(row.get("maker_bps")),
            latency_ms=row.get("latency_ms") or None,
            min_size=row.get("min_size") or None,
            max_size=row.get("max_size") or None,
        )


@given(parsers.parse('a venue "{venue}"'))
def a_venue(world: TradingWorld, venue: str) -> None:
    world.add_venue(venue)


@given(
    parsers.parse(
        'the {asset} book on "{venue}" is bid {bid} x {bid_size} / ask {ask} x {ask_size}'
    )
)
def simple_book(
    world: TradingWorld, asset: str, venue: str, bid: str, bid_size: str, ask: str, ask_size: str
) -> None:
    world.set_book(venue, asset, [(bid, bid_size)], [(ask, ask_size)])


@given(parsers.parse('the {asset} book on "{venue}" has asks {asks} and bids {bids}'))
def deep_book(world: TradingWorld, asset: str, venue: str, asks: str, bids: str) -> None:
    def levels(text: str) -> list[tuple[str, str]]:
        return [tuple(part.strip().split(" x ")) for part in text.split(",")]  # type: ignore[misc]

    world.set_book(venue, asset, levels(bids), levels(asks))


@given(parsers.re(r"the risk limit (?P<name>[a-z_]+) is (?P<value>\S+)$"))
def risk_limit(world: TradingWorld, name: str, value: str) -> None:
    world.set_risk(
        name, int(value) if name.startswith("max_orders") or "orders_per" in name else value
    )


@given(parsers.parse("the risk limit for {instrument} position is {value}"))
def instrument_limit(world: TradingWorld, instrument: str, value: str) -> None:
    limits = dict(world.risk.get("instrument_position_limits", {}))
    limits[world.key(instrument)] = value
    world.set_risk("instrument_position_limits", limits)


@given("balances are checked")
def balances_checked(world: TradingWorld) -> None:
    world.set_risk("check_balance", True)


@given(parsers.parse('the available {currency} balance on "{venue}" is {amount}'))
def balance(world: TradingWorld, currency: str, venue: str, amount: str) -> None:
    world.build().infra.balances().set(venue, currency, Decimal(amount))


@given(parsers.parse("the trading state is {state}"))
def trading_state(world: TradingWorld, state: str) -> None:
    world.core.risk().set_trading_state(TradingState(state))


@given(parsers.parse('strategy "{strategy}" holds {quantity} {asset}'))
def holds(world: TradingWorld, strategy: str, quantity: str, asset: str) -> None:
    side = "buys" if Decimal(quantity) > 0 else "sells"
    op = f"setup-{strategy}-{asset}-{len(world.results)}"
    world.send(strategy, side, str(abs(Decimal(quantity))), asset, op)
    assert world.results[op].status.value == "FILLED", world.results[op]


@given(parsers.parse('"{venue}" is down'))
def venue_down(world: TradingWorld, venue: str) -> None:
    world.venue(venue).faults.down = True


@given(parsers.parse('"{venue}" fails the next {count:d} submits with a retryable error'))
def retryable_failures(world: TradingWorld, venue: str, count: int) -> None:
    world.venue(venue).faults.fail_next(count, code="BUSY", retryable=True)


@given(parsers.parse('"{venue}" rejects orders with "{reason}"'))
def final_rejections(world: TradingWorld, venue: str, reason: str) -> None:
    world.venue(venue).faults.reject_reason = reason


@given(
    parsers.parse(
        "the circuit breaker opens after {count:d} failures and cools down in {seconds:d} seconds"
    )
)
def breaker_settings(world: TradingWorld, count: int, seconds: int) -> None:
    world.resilience.update(breaker_failure_threshold=count, breaker_cooldown_seconds=seconds)


@given(parsers.parse("orders are tried {count:d} times per venue"))
def retry_attempts(world: TradingWorld, count: int) -> None:
    world.resilience["retry_attempts"] = count
