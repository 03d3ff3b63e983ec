"""The sample day through the backtest and the live pipeline: the same child orders."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.parity import ParityReport, load_settings, run_parity, sample_store

CONFIG = Path(__file__).parents[2] / "config" / "backtest.sample.json"


@pytest.fixture(scope="module")
def report() -> ParityReport:
    return run_parity(sample_store(), load_settings(CONFIG))


def test_the_day_exercises_every_kind_of_order(report: ParityReport) -> None:
    kinds = {(c.order_type, report.algorithm_of[c.parent]) for c in report.backtest}
    algorithms = {algorithm for _type, algorithm in kinds}
    assert {"NORMAL", "TWAP", "VWAP", "ICEBERG"} <= algorithms
    assert {"MARKET", "LIMIT"} <= {order_type for order_type, _ in kinds}
    sides = {
        (c.parent.split("-2024")[0], c.instrument.split(":")[2], c.side) for c in report.backtest
    }
    assert any((s, i, "BUY") in sides and (s, i, "SELL") in sides for s, i, _ in sides)


def test_both_worlds_send_the_same_child_orders(report: ParityReport) -> None:
    assert len(report.backtest) == len(report.live) > 50
    assert report.clip_problems() == []
    assert report.within_tolerances == report.total, report.lines()


def test_only_iceberg_clips_differ_and_only_in_time(report: ParityReport) -> None:
    for parent in report.differing_parents:
        assert report.algorithm_of[parent] == "ICEBERG", report.lines()
    clips = sum(report.algorithm_of[c.parent] == "ICEBERG" for c in report.backtest)
    assert report.identical >= report.total - clips
