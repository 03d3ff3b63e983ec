"""Orders, fills, fill rate over leaf orders, signed slippage, volume, notional and I/O."""

from __future__ import annotations

from decimal import Decimal

from application.runs.execution_stats import execution_stats, leaf_orders
from domain.run_records import IoStats
from tests.results.run_builder import a_run


def algorithm_run():
    return (
        a_run()
        .order("P", quantity="4")  # the TWAP parent operation
        .order("C1", operation_id="P", quantity="2")
        .order("C2", operation_id="P", quantity="2", status="CANCELED")
        .order("O3", operation_id="S3", side="SELL", quantity="1", price="49")
        .order("O4", operation_id="S4", quantity="1", status="REJECTED", reason="too big")
        .fill("BUY", "2", "100.5", order_id="C1", fee="0.1")
        .fill("BUY", "1", "99.8", order_id="C2", seconds=1)
        .fill("SELL", "1", "49.9", order_id="O3", seconds=2)
        .with_(
            expected_prices={"P": Decimal(100), "O3": Decimal(50)},
            io=IoStats(signals=3, windows_loaded=2, bytes_read=60, bytes_full_day=1000),
            wall_time_s=1.5,
        )
        .build()
    )


def test_leaf_orders_leave_out_the_parent_of_algorithm_children():
    assert [o.order_id for o in leaf_orders(algorithm_run().orders)] == ["C1", "C2", "O3", "O4"]


def test_counts_fill_rate_volume_and_notional():
    stats = execution_stats(algorithm_run())
    assert (stats.orders, stats.fills, stats.rejected, stats.canceled) == (5, 3, 1, 1)
    assert stats.fill_rate == Decimal(4) / Decimal(6)
    assert stats.volume == Decimal(4)
    assert stats.notional == Decimal("201") + Decimal("99.8") + Decimal("49.9")


def test_slippage_is_quantity_weighted_and_positive_when_worse():
    # C1 buys 2 at +50 bps over the parent's arrival, C2 1 at -20 bps, O3 sells 1 at 10 lower
    # than 50 (+20 bps, worse for a seller): (2*50 - 20 + 20) / 4 = 25 bps.
    assert execution_stats(algorithm_run()).avg_slippage_bps == Decimal(25)


def test_fills_without_an_expected_price_do_not_count_towards_slippage():
    run = a_run().fill("BUY", "1", "101", order_id="X").build()
    assert execution_stats(run).avg_slippage_bps == 0


def test_io_figures_and_wall_time_come_from_the_run():
    stats = execution_stats(algorithm_run())
    assert (stats.signals, stats.windows_loaded, stats.bytes_read, stats.bytes_full_day) == (
        3,
        2,
        60,
        1000,
    )
    assert stats.io_reduction_pct == Decimal(94)
    assert stats.wall_time_s == 1.5


def test_an_empty_run_has_zero_rates():
    stats = execution_stats(a_run().build())
    assert (stats.fill_rate, stats.avg_slippage_bps, stats.io_reduction_pct) == (0, 0, 0)
