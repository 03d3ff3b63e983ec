"""Run ids: `BT-YYYYMMDD-HHMMSS-xxxxxx`, `LIVE-...`, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from application.runs.ids import (
    InvalidRunId,
    is_valid_run_id,
    new_run_id,
    started_at,
    validate_run_id,
)

NOW = datetime(2023, 12, 23, 11, 4, 16, 999_000, tzinfo=UTC)


def test_backtest_and_live_ids():
    assert new_run_id("BT", NOW, "a1b2c3") == "BT-20231223-110416-a1b2c3"
    assert new_run_id("LIVE", NOW, "000fff") == "LIVE-20231223-110416-000fff"


def test_the_stamp_is_utc_whatever_the_zone_given():
    paris = NOW.astimezone(timezone(timedelta(hours=1)))
    assert new_run_id("BT", paris, "a1b2c3") == "BT-20231223-110416-a1b2c3"


@pytest.mark.parametrize("random_hex", ["a1b2c", "a1b2c3d", "A1B2C3", "g1b2c3"])
def test_the_random_part_is_six_lowercase_hex_digits(random_hex):
    with pytest.raises(ValueError, match="6 lowercase hex"):
        new_run_id("BT", NOW, random_hex)


def test_naive_times_and_other_prefixes_are_refused():
    with pytest.raises(ValueError, match="UTC"):
        new_run_id("BT", NOW.replace(tzinfo=None), "a1b2c3")
    with pytest.raises(ValueError, match="BT or LIVE"):
        new_run_id("PAPER", NOW, "a1b2c3")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "run_id",
    [
        "BT-20231223-110416-a1b2c",
        "bt-20231223-110416-a1b2c3",
        "BT-2023122-110416-a1b2c3",
        "BT-20231323-110416-a1b2c3",  # month 13
        "BT-20231223-250416-a1b2c3",  # hour 25
        "BT-20231223-110416-a1b2c3/x",
        "",
    ],
)
def test_malformed_ids_are_invalid(run_id):
    assert not is_valid_run_id(run_id)
    with pytest.raises(InvalidRunId, match="invalid run id"):
        validate_run_id(run_id)


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1), timezones=st.just(UTC)
    ),
    st.sampled_from(["BT", "LIVE"]),
    st.text("0123456789abcdef", min_size=6, max_size=6),
)
def test_every_new_id_is_valid_and_carries_its_second(now, prefix, random_hex):
    run_id = new_run_id(prefix, now, random_hex)
    assert validate_run_id(run_id) == run_id
    assert started_at(run_id) == now.replace(microsecond=0)
