"""The parity comparison: every field that differs is reported, tolerances bound the rest."""

from __future__ import annotations

from decimal import Decimal

import attrs

from bench.parity import Tolerances, compare
from bench.parity_live import ChildOrder


def a_child(**fields: object) -> ChildOrder:
    values: dict[str, object] = {
        "parent": "sig-1",
        "instrument": "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN",
        "venue": "BINANCE-FUTURES",
        "side": "BUY",
        "quantity": Decimal("0.5"),
        "order_type": "MARKET",
        "price": None,
        "released_ns": 1_000_000_000,
        "filled": Decimal("0.5"),
        "avg_price": Decimal("30000"),
    }
    values.update(fields)
    return ChildOrder(**values)  # type: ignore[arg-type]


def test_identical_children_count_as_identical() -> None:
    report = compare([a_child()], [a_child()])
    assert (report.identical, report.total, report.differences) == (1, 1, ())


def test_every_differing_field_is_listed() -> None:
    live = a_child(venue="BYBIT", quantity=Decimal("0.4"), filled=Decimal("0.4"))
    report = compare([a_child()], [live])
    assert report.identical == 0
    assert any(
        line.startswith("sig-1#0: venue backtest=BINANCE-FUTURES live=BYBIT")
        for line in report.differences
    )
    assert any("quantity backtest=0.5 live=0.4" in line for line in report.differences)
    assert any("filled backtest=0.5 live=0.4" in line for line in report.differences)


def test_a_child_of_one_world_only_is_a_difference() -> None:
    report = compare([a_child(), a_child(released_ns=2_000_000_000)], [a_child()])
    assert report.total == 2
    assert report.differences == (
        "sig-1#1: only in backtest: BUY 0.5 BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN MARKET "
        "at BINANCE-FUTURES, released 2000000000",
    )


def test_fill_prices_and_release_times_within_their_tolerance_are_identical() -> None:
    tolerances = Tolerances(fill_price_bps=Decimal(10), released_ns=1_000)
    near = a_child(avg_price=Decimal("30029"), released_ns=1_000_000_999)
    assert compare([a_child()], [near], tolerances).identical == 1
    far = a_child(avg_price=Decimal("30031"))
    assert "10.3 bps > 10" in compare([a_child()], [far], tolerances).differences[0]
    late = a_child(released_ns=1_000_001_001)
    assert compare([a_child()], [late], tolerances).identical == 0


def test_clip_parents_must_keep_their_totals() -> None:
    backtest = [a_child(), a_child(released_ns=2_000_000_000, quantity=Decimal("0.3"))]
    moved = [a_child(), a_child(released_ns=1_500_000_000, quantity=Decimal("0.3"))]
    report = attrs.evolve(compare(backtest, moved), algorithm_of={"sig-1": "ICEBERG"})
    assert report.clip_problems() == []
    assert report.within_tolerances == 2
    cut = [a_child(), a_child(released_ns=2_000_000_000, quantity=Decimal("0.2"))]
    report = attrs.evolve(compare(backtest, cut), algorithm_of={"sig-1": "ICEBERG"})
    assert report.clip_problems()
    assert report.within_tolerances == report.identical
    report = attrs.evolve(compare(backtest, moved), algorithm_of={"sig-1": "TWAP"})
    assert report.clip_problems() == ["sig-1: TWAP children differ"]
