"""The engine adapter: state across windows, determinism, records against nautilus, risk."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from domain.enums import OrderSide, OrderStatus
from domain.position import Position
from domain.risk_limits import RiskLimits
from tests.backtest import tiny_market as tm
from tests.backtest.engine_runs import BINANCE, BYBIT, EngineRun, a_venue, window_at

ZERO = Decimal(0)


def _signed_fills(records, operation_id=None):
    orders = {o.order_id: o.operation_id for o in records.orders}
    total = ZERO
    for fill in records.fills:
        if operation_id is None or orders[fill.order_id] == operation_id:
            total += fill.quantity * (1 if fill.side is OrderSide.BUY else -1)
    return total


def test_positions_and_balances_carry_from_one_window_to_the_next():
    first, second = window_at(1), window_at(3)
    run = EngineRun(
        [tm.signal(1, first.start_ns, "1"), tm.signal(2, second.start_ns + tm.SECOND, "-0.5")],
        [first, second],
    )
    records = run()
    assert run.loaded == [0, 1]
    # The second signal finds the first window's position: it sells 1.5, not 0.5.
    assert _signed_fills(records, "alpha-002") == Decimal("-1.5")
    assert run.seen["net"]["BTCUSDT-PERP.BINANCE"] == Decimal("-0.5")
    second_fills = [f for f in records.fills if f.ts_event >= second.start_ns]
    assert second_fills
    assert all(f.ts_event < second.end_ns for f in second_fills)


def test_two_runs_of_the_same_inputs_give_identical_records():
    windows = [window_at(1), window_at(2)]
    signals = [
        tm.signal(1, windows[0].start_ns, "1.3"),
        tm.signal(2, windows[1].start_ns, "-0.4", algorithm=tm.ExecAlgorithm.TWAP,
                  params={"horizon_secs": 120, "interval_secs": 20}),
    ]  # fmt: skip
    first = EngineRun(signals, windows)()
    second = EngineRun(signals, windows)()
    assert first == second
    assert repr(first) == repr(second)


def test_pnl_fees_and_positions_from_the_fills_agree_with_the_nautilus_portfolio():
    windows = [window_at(1), window_at(2)]
    signals = [
        tm.signal(1, windows[0].start_ns, "1.5"),
        tm.signal(2, windows[0].start_ns + 90 * tm.SECOND, "-0.6", algorithm=tm.ExecAlgorithm.TWAP,
                  params={"horizon_secs": 60, "interval_secs": 20}),
        tm.signal(3, windows[1].start_ns, "0.9"),
    ]  # fmt: skip
    run = EngineRun(signals, windows)
    records = run()
    books: dict[str, Position] = {}
    fees = ZERO
    for fill in records.fills:
        book = books.setdefault(fill.instrument_key, Position(instrument_key="", venue=""))
        book.apply(fill.side, fill.quantity, fill.price)
        fees += fill.fee
    (book,) = books.values()
    assert book.quantity == run.seen["net"]["BTCUSDT-PERP.BINANCE"] == Decimal("0.9")
    start = records.starting_balance
    cash_now = run.seen["balances"]["BINANCE"]["USDT"]
    assert cash_now - start == book.realized_pnl - fees
    assert records.equity[-1].cash_balance == cash_now
    last = [p for p in records.positions if p.ts_event == records.equity[-1].ts_event][-1]
    assert last.quantity == book.quantity
    assert last.realized_pnl == book.realized_pnl
    assert records.equity[-1].unrealized_pnl == last.unrealized_pnl
    assert fees > 0
    assert all(f.fee_currency == "USDT" for f in records.fills)
    assert not any(run.seen["exposure"].values())  # nothing left open


def test_an_order_over_the_risk_limit_is_rejected_and_recorded_with_its_reason():
    window = window_at(1)
    signals = [
        tm.signal(1, window.start_ns, "1"),
        tm.signal(2, window.start_ns + 60 * tm.SECOND, "0.4"),
    ]
    records = EngineRun(signals, [window], risk=RiskLimits(max_order_quantity=Decimal("0.7")))()
    rejected = [o for o in records.orders if o.status is OrderStatus.REJECTED]
    assert [(o.operation_id, o.quantity) for o in rejected] == [("alpha-001", Decimal("1.000"))]
    assert rejected[0].rejection_reason.startswith(
        "ORDER_SIZE_MAX: quantity 1 is above the maximum 0.7"
    )
    assert _signed_fills(records) == Decimal("0.4")


def test_the_router_splits_a_thin_book_across_the_simulated_venues():
    window = window_at(1)
    venues = [
        a_venue("BINANCE-FUTURES", tm.BTC_BINANCE, taker="0.0004"),
        a_venue("BYBIT", tm.BTC_BYBIT, taker="0.0004"),
    ]
    signal = tm.signal(1, window.start_ns, "14")  # each book shows 5 x 2.0 per side
    records = EngineRun([signal], [window], listings=[BINANCE, BYBIT], venues=venues)()
    by_venue: dict[str, Decimal] = defaultdict(Decimal)
    for fill in records.fills:
        by_venue[fill.venue] += fill.quantity
    assert set(by_venue) == {"BINANCE-FUTURES", "BYBIT"}
    assert sum(by_venue.values()) == Decimal("14")
    assert {o.operation_id for o in records.orders} == {"alpha-001"}


def test_equity_is_sampled_every_minute_in_windows_and_at_their_ends():
    windows = [window_at(1), window_at(2)]
    records = EngineRun([tm.signal(1, windows[0].start_ns, "1")], windows)()
    expected = [w.start_ns + k * tm.MINUTE for w in windows for k in range(6)]
    assert [e.ts_event for e in records.equity] == expected
    assert all(e.drawdown_pct <= 0 for e in records.equity)
    sampled = {p.ts_event for p in records.positions}
    assert set(expected[1:]) <= sampled
    filled_orders = {f.order_id for f in records.fills}
    assert filled_orders <= set(records.expected_prices)


def test_a_run_without_windows_records_nothing_but_its_balance():
    records = EngineRun([], [])()
    assert (records.orders, records.fills, records.equity) == ((), (), ())
    assert records.starting_balance == Decimal(1_000_000)


def test_an_inverse_perpetual_trades_usd_contracts_and_settles_in_btc():
    deribit = tm.Listing(key="DERIBIT:PERPETUAL:BTC-USD@INV", tick=0.5, lot=10.0, level_size=5000.0)
    window = window_at(1)
    venue = a_venue("DERIBIT", deribit.key, taker="0.0005", BTC="2")
    # 0.1 BTC at ~30,000 is ~3,000 USD: the venue trades whole 10 USD contracts.
    run = EngineRun(
        [tm.signal(1, window.start_ns, "0.1", key=deribit.key)],
        [window],
        listings=[deribit],
        venues=[venue],
    )
    records = run()
    usd = sum(f.quantity for f in records.fills)
    assert usd % 10 == 0
    assert abs(usd - 3000) <= 30
    assert {f.fee_currency for f in records.fills} == {"BTC"}
    assert run.seen["net"]["BTC-PERPETUAL.DERIBIT"] == usd
    btc = run.seen["balances"]["DERIBIT"]["BTC"]
    fee = sum(f.fee for f in records.fills)
    assert btc == Decimal(2) - fee
    last = records.equity[-1]
    mark = [p for p in records.positions if p.ts_event == last.ts_event][-1].current_price
    assert last.cash_balance == btc * mark  # valued in USDT at the BTC-USD mark
    assert records.starting_balance == 0  # no USDT anywhere
