"""Strict parsing of `exec_algorithm_params`: every error names its field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from application.algorithms import (
    IcebergParams,
    InvalidAlgorithmParams,
    NormalParams,
    TwapParams,
    VwapParams,
    parse_params,
)
from domain.enums import ExecAlgorithm

A = ExecAlgorithm
S = 1_000_000_000


def test_twap_reads_seconds_into_nanoseconds() -> None:
    params = parse_params(A.TWAP, {"horizon_secs": "60", "interval_secs": 7.5})

    assert params == TwapParams(horizon_ns=60 * S, interval_ns=7_500_000_000)
    assert params.slice_count == 8
    assert params.due_times(0) == [k * 7_500_000_000 for k in range(8)]


def test_twap_jitter_is_reproducible_ordered_and_inside_the_horizon() -> None:
    raw = {"horizon_secs": 60, "interval_secs": 10, "jitter_fraction": "0.4", "seed": 7}
    params = parse_params(A.TWAP, raw)

    times = params.due_times(100 * S)
    assert times == parse_params(A.TWAP, raw).due_times(100 * S)
    assert times != params.slot_times(100 * S)
    assert times == sorted(times)
    assert all(100 * S <= t <= 160 * S for t in times)


def test_vwap_reads_an_explicit_profile_exactly() -> None:
    raw = {"horizon_secs": 30, "interval_secs": 10, "volume_profile": ["0.1", 2, 3.5]}
    params = parse_params(A.VWAP, raw)

    assert params.volume_profile == (Decimal("0.1"), Decimal(2), Decimal("3.5"))
    assert params.profile_period_ns == 86_400 * S


def test_iceberg_reads_the_visible_quantity_from_a_decimal_string() -> None:
    params = parse_params(A.ICEBERG, {"visible_quantity": "0.05"})

    assert params == IcebergParams(visible_quantity=Decimal("0.05"))


def test_normal_takes_nothing_and_defaults_fill_missing_fields() -> None:
    assert parse_params(A.NORMAL, {}) == NormalParams()
    params = parse_params(A.TWAP, {"interval_secs": 5}, defaults={"horizon_secs": 60})
    assert params == TwapParams(horizon_ns=60 * S, interval_ns=5 * S)


TW = {"horizon_secs": 60, "interval_secs": 10}
VW = {"horizon_secs": 20, "interval_secs": 10}


@pytest.mark.parametrize(
    ("algorithm", "raw", "field"),
    [
        (A.TWAP, {"interval_secs": 10}, "horizon_secs"),
        (A.TWAP, {"horizon_secs": 60}, "interval_secs"),
        (A.TWAP, {**TW, "horizon_secs": 0}, "horizon_secs"),
        (A.TWAP, {**TW, "horizon_secs": "soon"}, "horizon_secs"),
        (A.TWAP, {**TW, "horizon_secs": True}, "horizon_secs"),
        (A.TWAP, {**TW, "horizon_secs": "NaN"}, "horizon_secs"),
        (A.TWAP, {**TW, "interval_secs": -1}, "interval_secs"),
        (A.TWAP, {**TW, "interval_secs": 61}, "interval_secs"),
        (A.TWAP, {"horizon_secs": 86400, "interval_secs": "0.001"}, "interval_secs"),
        (A.TWAP, {**TW, "horizon_sec": 1}, "horizon_sec"),
        (A.TWAP, {**TW, "jitter_fraction": 0.5}, "jitter_fraction"),
        (A.TWAP, {**TW, "seed": "7"}, "seed"),
        (A.VWAP, {**VW, "volume_profile": [1, 2, 3]}, "volume_profile"),
        (A.VWAP, {**VW, "volume_profile": [0, 0]}, "volume_profile"),
        (A.VWAP, {**VW, "volume_profile": [1, "x"]}, "volume_profile[1]"),
        (A.VWAP, {**VW, "volume_profile": "1,2"}, "volume_profile"),
        (A.VWAP, {**VW, "profile_period_secs": 10}, "profile_period_secs"),
        (A.ICEBERG, {}, "visible_quantity"),
        (A.ICEBERG, {"visible_quantity": 0.05}, "visible_quantity"),
        (A.ICEBERG, {"visible_quantity": "-1"}, "visible_quantity"),
        (A.NORMAL, {"visible_quantity": "1"}, "visible_quantity"),
    ],
)
def test_a_bad_field_is_named(algorithm: ExecAlgorithm, raw: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidAlgorithmParams) as caught:
        parse_params(algorithm, raw)

    assert caught.value.field == field
    assert str(caught.value).startswith(f"exec_algorithm_params.{field}: ")


def test_params_built_in_code_obey_the_same_rules() -> None:
    with pytest.raises(InvalidAlgorithmParams, match="volume_profile"):
        VwapParams(horizon_ns=20 * S, interval_ns=10 * S, volume_profile=(Decimal(1),))
