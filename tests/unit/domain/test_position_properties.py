"""Position invariants: PnL conservation against cash flows, for any sequence of trades."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from domain.enums import OrderSide
from domain.position import Position

trades = st.lists(
    st.tuples(
        st.sampled_from([OrderSide.BUY, OrderSide.SELL]),
        st.decimals(min_value=Decimal("0.001"), max_value=Decimal(50), places=3),
        st.decimals(min_value=Decimal(1), max_value=Decimal(100_000), places=2),
    ),
    min_size=1,
    max_size=40,
)
marks = st.decimals(min_value=Decimal(1), max_value=Decimal(100_000), places=2)


@given(trades, marks)
def test_linear_pnl_equals_cash_flow_at_the_mark(history: list, mark: Decimal) -> None:
    position = Position(instrument_key="K", venue="V")
    cash = Decimal(0)
    for side, quantity, price in history:
        position.apply(side, quantity, price)
        cash -= side.sign * quantity * price
    total = position.realized_pnl + position.unrealized_pnl(mark)
    assert abs(total - (cash + position.quantity * mark)) < Decimal("1e-12") * (1 + abs(cash))


@given(trades)
def test_quantity_is_the_signed_sum_and_entry_is_sane(history: list) -> None:
    position = Position(instrument_key="K", venue="V")
    for side, quantity, price in history:
        position.apply(side, quantity, price)
    assert position.quantity == sum(side.sign * q for side, q, _ in history)
    if position.quantity:
        prices = [p for _, _, p in history]
        assert min(prices) <= position.avg_entry_price <= max(prices)
    else:
        assert position.avg_entry_price == 0


@given(trades, marks)
def test_inverse_pnl_equals_base_cash_flow_at_the_mark(history: list, mark: Decimal) -> None:
    position = Position(instrument_key="K", venue="V", inverse=True)
    base_cash = Decimal(0)
    for side, quantity, price in history:
        position.apply(side, quantity, price)
        base_cash += side.sign * quantity / price  # buying USD contracts costs 1/price BTC each
    total = position.realized_pnl + position.unrealized_pnl(mark)
    expected = base_cash - position.quantity / mark
    assert abs(total - expected) < Decimal("1e-9")


@given(trades)
def test_fees_accumulate_separately(history: list) -> None:
    position = Position(instrument_key="K", venue="V")
    for side, quantity, price in history:
        position.apply(side, quantity, price, fee=quantity * price * Decimal("0.0004"))
    assert position.fees == sum(q * p * Decimal("0.0004") for _, q, p in history)
