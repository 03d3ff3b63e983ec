"""Sharpe, Sortino and drawdown against hand-computed values, and their invariants."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from application.runs.metrics import (
    MIN_RETURNS,
    max_drawdown_pct,
    period_returns,
    resample,
    run_metrics,
    sharpe_ratio,
    sortino_ratio,
)
from tests.results.run_builder import a_run

MINUTE = 60 * 1_000_000_000


def curve(*points: tuple[float, str]):
    builder = a_run()
    for seconds, value in points:
        builder.value(value, seconds=seconds)
    return builder.build().equity


def close(value: Decimal, expected: float) -> bool:
    return float(value) == pytest.approx(expected, rel=1e-12)


def test_resample_takes_the_last_value_at_or_before_each_minute_and_ends_after_the_last():
    equity = curve((0, "100"), (30, "105"), (90, "110"))
    assert resample(equity, MINUTE) == [Decimal(100), Decimal(105), Decimal(110)]


def test_resample_forward_fills_quiet_minutes():
    equity = curve((0, "100"), (180, "120"))
    assert resample(equity, MINUTE) == [Decimal(100)] * 3 + [Decimal(120)]


def test_sharpe_of_plus_ten_minus_ten_plus_ten_percent_minutes():
    # r = 0.1, -0.1, 0.1: mean 1/30, sample variance 1/75, so mean/std = sqrt(3)/6;
    # times sqrt(525600) minutes a year = sqrt(43800).
    equity = curve((0, "100"), (60, "110"), (120, "99"), (180, "108.9"))
    assert close(sharpe_ratio(equity), 43800**0.5)


def test_sortino_of_the_same_curve_uses_downside_deviation_over_all_periods():
    # downside deviation sqrt(0.01 / 3); mean / DD = sqrt(1/3); times sqrt(525600).
    equity = curve((0, "100"), (60, "110"), (120, "99"), (180, "108.9"))
    assert close(sortino_ratio(equity), 175200**0.5)


def test_sharpe_at_an_hourly_sampling_annualises_with_8760_periods():
    hour = 60 * MINUTE
    equity = curve((0, "100"), (3600, "110"), (7200, "99"), (10800, "108.9"))
    assert close(sharpe_ratio(equity, hour), (3 / 36 * 8760) ** 0.5)


@pytest.mark.parametrize(
    "points",
    [
        [],
        [(0, "100")],
        [(0, "100"), (60, "110")],  # one return: no deviation to speak of
        [(0, "100"), (60, "100"), (120, "100")],  # flat: no variance
    ],
)
def test_ratios_are_zero_when_undefined(points):
    equity = curve(*points)
    assert sharpe_ratio(equity) == 0
    assert sortino_ratio(equity) == 0


def test_sortino_is_zero_without_a_losing_period():
    equity = curve((0, "100"), (60, "101"), (120, "103"))
    assert sortino_ratio(equity) == 0
    assert sharpe_ratio(equity) > 0


def test_max_drawdown_is_the_deepest_fall_from_the_running_peak_in_percent():
    equity = curve((0, "100"), (1, "120"), (2, "90"), (3, "130"), (4, "117"))
    assert max_drawdown_pct(equity) == Decimal(-25)


def test_max_drawdown_follows_time_not_row_order():
    equity = curve((4, "117"), (0, "100"), (3, "130"), (1, "120"), (2, "90"))
    assert max_drawdown_pct(equity) == Decimal(-25)


def test_period_returns_skip_a_non_positive_start():
    assert period_returns([Decimal(0), Decimal(10), Decimal(15)]) == [Decimal("0.5")]


values = st.lists(
    st.decimals(min_value=1, max_value=10**9, places=2, allow_nan=False), min_size=1, max_size=40
)


@given(values)
def test_drawdown_is_never_positive_and_never_below_minus_100(series):
    equity = curve(*((i, str(v)) for i, v in enumerate(series)))
    assert Decimal(-100) <= max_drawdown_pct(equity) <= 0


@given(values)
def test_a_curve_that_never_falls_has_no_drawdown(series):
    rising = sorted(series)
    equity = curve(*((i, str(v)) for i, v in enumerate(rising)))
    assert max_drawdown_pct(equity) == 0
    assert sortino_ratio(equity) == 0


@given(values, st.decimals(min_value="0.01", max_value=1000, places=2))
def test_ratios_do_not_depend_on_the_size_of_the_account(series, scale):
    equity = curve(*((i * 60, str(v)) for i, v in enumerate(series)))
    scaled = curve(*((i * 60, str(v * scale)) for i, v in enumerate(series)))
    tolerance = Decimal("1e-9")
    assert sharpe_ratio(scaled) == pytest.approx(sharpe_ratio(equity), rel=tolerance, abs=tolerance)


def _zigzag(minutes: int):
    builder = a_run()
    for minute in range(minutes + 1):
        builder.value("1000000" if minute % 2 == 0 else "1000100", seconds=minute * 60)
    return builder.build()


def test_a_three_minute_run_reports_no_ratio_and_the_log_says_why(caplog) -> None:
    records = _zigzag(3)
    assert abs(sharpe_ratio(records.equity)) > 1  # the raw formula: annualised noise
    with caplog.at_level("INFO", logger="application.runs.metrics"):
        metrics = run_metrics(records)
    assert metrics.sharpe_ratio == metrics.sortino_ratio == 0
    assert f"3 period returns of 60 s, fewer than the {MIN_RETURNS} needed" in caplog.text


def test_from_the_minimum_number_of_returns_the_ratios_are_reported() -> None:
    records = _zigzag(MIN_RETURNS)
    metrics = run_metrics(records)
    assert metrics.sharpe_ratio == sharpe_ratio(records.equity) != 0
    assert metrics.sortino_ratio == sortino_ratio(records.equity) != 0
    assert run_metrics(_zigzag(MIN_RETURNS - 1)).sharpe_ratio == 0
