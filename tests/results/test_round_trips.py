"""Trades are closed position round trips: win rate and profit factor over them."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from application.runs.pnl import run_pnl
from application.runs.round_trips import closed_round_trips, trade_stats
from tests.results.run_builder import BTC, BTC_INV, ETH, a_run


def test_a_long_closed_in_profit_is_one_winning_trade_net_of_fees():
    fills = a_run().fill("BUY", "1", "100", fee="0.1").fill("SELL", "1", "110", fee="0.1")
    trips = closed_round_trips(fills.build().fills)
    assert [t.pnl for t in trips] == [Decimal("9.8")]


def test_partial_closes_and_a_flip_split_the_flipping_fill_between_two_trips():
    run = (
        a_run()
        .fill("BUY", "1", "100", fee="0.1", seconds=1)
        .fill("SELL", "1", "110", fee="0.1", seconds=2)  # trip 1: +10 - 0.2
        .fill("SELL", "2", "120", fee="0.2", seconds=3)  # opens short 2
        .fill("BUY", "1", "130", fee="0.1", seconds=4)  # realizes -10
        .fill("BUY", "3", "125", fee="0.3", seconds=5)  # closes 1 (-5, fee 0.1), opens long 2
        .build()
    )
    trips = closed_round_trips(run.fills)
    assert [t.pnl for t in trips] == [Decimal("9.8"), Decimal("-15.4")]
    assert [(t.opened_ts, t.closed_ts) for t in trips] == [
        (run.fills[0].ts_event, run.fills[1].ts_event),
        (run.fills[2].ts_event, run.fills[4].ts_event),
    ]
    stats = trade_stats(trips)
    assert stats.total_trades == 2
    assert stats.win_rate == Decimal("0.5")
    assert stats.profit_factor == Decimal("9.8") / Decimal("15.4")


def test_instruments_make_separate_trips_and_an_open_one_is_not_a_trade():
    run = (
        a_run()
        .fill("BUY", "1", "100", key=BTC, seconds=1)
        .fill("SELL", "2", "10", key=ETH, seconds=2)
        .fill("BUY", "2", "9", key=ETH, seconds=3)
        .build()
    )
    trips = closed_round_trips(run.fills)
    assert [(t.instrument_key, t.pnl) for t in trips] == [(ETH, Decimal(2))]


def test_inverse_trip_pnl_is_valued_at_the_closing_price():
    # 1000 USD contracts long from 50000 to 40000: 1000 * (1/50000 - 1/40000) = -0.005 BTC.
    run = (
        a_run()
        .fill("BUY", "1000", "50000", key=BTC_INV)
        .fill("SELL", "1000", "40000", key=BTC_INV, seconds=1)
    )
    [trip] = closed_round_trips(run.build().fills)
    assert trip.pnl == Decimal("-0.005") * 40000


def test_no_trades_and_only_winners_have_a_zero_profit_factor():
    assert trade_stats([]).profit_factor == 0
    assert trade_stats([]).win_rate == 0
    winners = a_run().fill("BUY", "1", "100").fill("SELL", "1", "101", seconds=1).build()
    stats = trade_stats(closed_round_trips(winners.fills))
    assert (stats.total_trades, stats.win_rate, stats.profit_factor) == (1, 1, 0)


trades = st.lists(
    st.tuples(
        st.sampled_from(["BUY", "SELL"]),
        st.integers(min_value=1, max_value=5),
        st.integers(min_value=90, max_value=110),
        st.integers(min_value=0, max_value=3),
    ),
    max_size=30,
)


@given(trades)
def test_closed_trips_account_for_all_realized_pnl_and_fees_once_flat(rows):
    builder = a_run()
    net = 0
    for i, (side, qty, price, fee) in enumerate(rows):
        builder.fill(side, str(qty), str(price), fee=str(fee), seconds=i)
        net += qty if side == "BUY" else -qty
    if net:  # flatten at the end so every trip closes
        builder.fill("SELL" if net > 0 else "BUY", str(abs(net)), "100", seconds=len(rows))
    run = builder.build()
    pnl = run_pnl(run.fills, ())
    assert pnl.unrealized_pnl == 0
    trips = closed_round_trips(run.fills)
    # Average entry prices are divisions at 28 digits: equal up to the last digits.
    closed = sum((t.pnl for t in trips), Decimal(0))
    assert abs(closed - (pnl.realized_pnl - pnl.total_fees)) < Decimal("1e-18")
    stats = trade_stats(trips)
    assert 0 <= stats.win_rate <= 1
    assert stats.profit_factor >= 0
