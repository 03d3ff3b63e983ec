"""Gross, net, fees and funding recomputed from fills and the final marks."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from application.runs.pnl import final_marks, final_quantities, run_pnl
from tests.results.run_builder import BTC, BTC_INV, ETH, a_run


def test_realized_plus_unrealized_at_the_last_mark_minus_fees_and_funding():
    run = (
        a_run()
        .fill("BUY", "2", "100", fee="0.2", seconds=1)
        .fill("SELL", "1", "110", fee="0.1", seconds=2)
        .position("1", "104", seconds=3)
        .position("1", "105", seconds=4)  # the last mark wins
        .build()
    )
    pnl = run_pnl(run.fills, run.positions, funding_paid=Decimal("0.5"))
    assert (pnl.realized_pnl, pnl.unrealized_pnl) == (Decimal(10), Decimal(5))
    assert pnl.gross_pnl == Decimal(15)
    assert pnl.total_fees == Decimal("0.3")
    assert pnl.net_pnl == Decimal("14.2")


def test_final_marks_are_the_latest_current_price_per_instrument_whatever_the_row_order():
    run = (
        a_run()
        .position("1", "105", seconds=4)
        .position("1", "104", seconds=3)
        .position("-1", "10", seconds=1, key=ETH)
        .build()
    )
    assert final_marks(run.positions) == {BTC: Decimal(105), ETH: Decimal(10)}


def test_an_instrument_without_a_snapshot_is_marked_at_its_last_fill():
    run = a_run().fill("BUY", "1", "100").fill("BUY", "1", "104", seconds=1).build()
    assert run_pnl(run.fills, ()).unrealized_pnl == Decimal(4)


def test_inverse_pnl_is_in_the_base_asset_valued_at_the_final_mark():
    run = (
        a_run()
        .fill("BUY", "2000", "50000", key=BTC_INV)
        .fill("SELL", "1000", "40000", key=BTC_INV, seconds=1)
        .position("1000", "40000", seconds=2, key=BTC_INV)
        .build()
    )
    pnl = run_pnl(run.fills, run.positions)
    # each leg of 1000 USD: 1000 * (1/50000 - 1/40000) = -0.005 BTC, times 40000 = -200 USD
    assert pnl.realized_pnl == Decimal(-200)
    assert pnl.unrealized_pnl == Decimal(-200)


def test_final_quantities_net_every_fill_per_instrument():
    run = a_run().fill("BUY", "2", "1").fill("SELL", "3", "1").fill("SELL", "1", "1", key=ETH)
    assert final_quantities(run.build().fills) == {BTC: Decimal(-1), ETH: Decimal(-1)}


fills = st.lists(
    st.tuples(
        st.sampled_from(["BUY", "SELL"]),
        st.integers(min_value=1, max_value=9),
        st.integers(min_value=50, max_value=150),
    ),
    min_size=1,
    max_size=25,
)


@given(fills, st.integers(min_value=50, max_value=150))
def test_gross_pnl_equals_the_cash_flow_of_the_fills_plus_what_is_held_at_the_mark(rows, mark):
    builder = a_run()
    cash, held = Decimal(0), Decimal(0)
    for i, (side, qty, price) in enumerate(rows):
        builder.fill(side, str(qty), str(price), seconds=i)
        sign = 1 if side == "BUY" else -1
        cash -= sign * qty * price
        held += sign * qty
    run = builder.position(str(held), str(mark), seconds=len(rows)).build()
    gross = run_pnl(run.fills, run.positions).gross_pnl
    assert abs(gross - (cash + held * mark)) < Decimal("1e-18")
