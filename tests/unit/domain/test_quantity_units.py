"""Inverse quantities in base units: a position's base view and the gap to a base target."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from domain.enums import OrderSide
from domain.position import Position
from domain.quantity_units import base_after_fill, notional, to_base_units, venue_gap

prices = st.integers(min_value=10_000, max_value=90_000).map(Decimal)
amounts = (
    st.integers(min_value=-50_000, max_value=50_000).filter(bool).map(lambda n: Decimal(n) * 10)
)
targets = st.integers(min_value=-300, max_value=300).map(lambda n: Decimal(n) / 100)


def _fill(position: Position, base: Decimal, signed: Decimal, price: Decimal) -> Decimal:
    base = base_after_fill(position.quantity, base, signed, price)
    position.apply(OrderSide.BUY if signed > 0 else OrderSide.SELL, abs(signed), price)
    return base


@given(st.lists(st.tuples(amounts, prices), min_size=1, max_size=12))
def test_the_base_view_is_the_amount_at_the_average_entry_and_zero_when_flat(fills):
    position, base = (
        Position(instrument_key="DERIBIT:PERPETUAL:BTC-USD@INV", venue="D", inverse=True),
        Decimal(0),
    )
    for signed, price in fills:
        base = _fill(position, base, signed, price)
        if position.quantity == 0:
            assert base == 0
        else:
            assert abs(base - position.quantity / position.avg_entry_price) < Decimal("1e-20")


@given(st.lists(st.tuples(amounts, prices), max_size=6), targets, prices)
def test_the_gap_filled_at_the_reference_price_reaches_the_target(fills, target, price):
    position, base = (
        Position(instrument_key="DERIBIT:PERPETUAL:BTC-USD@INV", venue="D", inverse=True),
        Decimal(0),
    )
    for signed, fill_price in fills:
        base = _fill(position, base, signed, fill_price)
    gap = venue_gap(target, position.quantity, base, price)
    if gap:
        base = _fill(position, base, gap, price)
    assert abs(base - target) < Decimal("1e-20")


def test_a_reduction_gives_back_its_share_at_the_entry_not_at_the_market():
    # 40,000 USD bought at 40,000 is 1 BTC; halving it sells 20,000 USD whatever the market.
    assert venue_gap(Decimal("0.5"), Decimal(40_000), Decimal(1), Decimal(50_000)) == -20_000
    assert venue_gap(Decimal(0), Decimal(40_000), Decimal(1), Decimal(50_000)) == -40_000
    # Adding buys at the market; flipping closes everything and opens the rest at the market.
    assert venue_gap(Decimal(2), Decimal(40_000), Decimal(1), Decimal(50_000)) == 50_000
    assert venue_gap(Decimal(-1), Decimal(40_000), Decimal(1), Decimal(50_000)) == -90_000


def test_linear_quantities_are_already_base_units():
    assert to_base_units(Decimal("0.3"), Decimal(40_000), inverse=False) == Decimal("0.3")
    assert to_base_units(Decimal(3_000), Decimal(40_000), inverse=True) == Decimal("0.075")
    assert notional(Decimal("-0.3"), Decimal(40_000), inverse=False) == 12_000
    assert notional(Decimal(-3_000), Decimal(40_000), inverse=True) == 3_000
