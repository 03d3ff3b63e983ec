"""An inverse perpetual's signals and output tables speak base units (CONTRACTS §2)."""

from __future__ import annotations

from decimal import Decimal

from application.runs.base_units import in_base_units
from application.runs.execution_stats import execution_stats
from tests.backtest import tiny_market as tm
from tests.backtest.engine_runs import EngineRun, a_venue, window_at

DERIBIT = tm.Listing(key="DERIBIT:PERPETUAL:BTC-USD@INV", tick=0.5, lot=10.0, level_size=2_000.0)
TARGETS = ("0.1", "0.04", "-0.05", "0.12", "0")  # grow, reduce, flip, flip back, flat
MINUTE = 60 * tm.SECOND


def _run() -> tuple[EngineRun, object]:
    window = window_at(1)
    signals = [
        tm.signal(n, window.start_ns + n * 50 * tm.SECOND, target, key=DERIBIT.key)
        for n, target in enumerate(TARGETS)
    ]
    run = EngineRun(
        signals,
        [window],
        listings=[DERIBIT],
        venues=[a_venue("DERIBIT", DERIBIT.key, taker="0.0005", BTC="5")],
    )
    return run, run()


def test_each_target_is_reached_in_base_units_and_flat_is_exactly_zero():
    run, records = _run()
    base = in_base_units(records)
    for signal, following in zip(run.signals, [*run.signals[1:], None], strict=True):
        until = following.ts_event if following else records.positions[-1].ts_event + 1
        held = [p for p in base.positions if signal.ts_event <= p.ts_event < until]
        assert held, f"no position row after {signal.signal_id}"
        # One 10 USD contract is 0.00033 BTC at 30,000; the fills walk a few ticks.
        assert abs(held[-1].quantity - signal.target_quantity) < Decimal("0.0005"), signal
    assert base.positions[-1].quantity == 0
    assert records.positions[-1].quantity == 0  # the venue's USD position is flat too


def test_fills_and_orders_are_their_usd_amounts_at_their_own_prices():
    _, records = _run()
    base = in_base_units(records)
    assert len(base.fills) == len(records.fills) > len(TARGETS)  # levels walked
    for usd, btc in zip(records.fills, base.fills, strict=True):
        assert usd.quantity % 10 == 0
        assert btc.quantity == usd.quantity / usd.price
    for order in base.orders:
        own = [f.quantity for f in base.fills if f.order_id == order.order_id]
        if order.status.value == "FILLED":
            assert abs(order.quantity - sum(own)) < Decimal("1e-18"), order
    stats = execution_stats(records)
    assert stats.volume == sum(f.quantity for f in base.fills)
    assert stats.notional == sum(f.quantity for f in records.fills)  # USD is the notional
