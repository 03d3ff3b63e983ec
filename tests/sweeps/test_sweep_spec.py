"""Sweep files: every bad axis named at once; ranges, products and stable run ids."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from application.sweeps import InvalidSweep, parse_sweep, plan_runs
from bootstrap.sweeps import complete_config, config_problems
from tests.sweeps.sweep_world import BTC, ETH, base_config, sweep_2x2x2

CREATED = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)


def parse(raw):
    return parse_sweep(raw, config_problems, complete_config)


def test_every_bad_axis_is_named_in_one_error(tmp_path):
    raw = sweep_2x2x2(tmp_path)
    raw["axes"] = {
        "backtest.no_such_field": [1, 2],
        "backtest.window_seconds": [],
        "risk.max_order_quantity": ["10", "not-a-number"],
        "resilience.retry_attempts": "3",
    }
    raw["metric"] = "luck"
    with pytest.raises(InvalidSweep) as raised:
        parse(raw)
    problems = "\n".join(raised.value.problems)
    assert "axes['backtest.no_such_field']: unknown config path" in problems
    assert "axes['backtest.window_seconds']: must be a non-empty list" in problems
    assert "axes['risk.max_order_quantity']: value 'not-a-number'" in problems
    assert "axes['resilience.retry_attempts']: must be a non-empty list" in problems
    assert "metric: 'luck'" in problems
    assert "value '10'" not in problems  # the good value of the same axis passes


def test_a_bad_base_config_and_bad_dates_are_reported_together(tmp_path):
    raw = sweep_2x2x2(tmp_path)
    raw["base_config"]["risk"] = {"max_order_quantity": "lots"}
    raw["dates"] = ["2024-02-30", {"from": "2024-03-02", "to": "2024-03-01"}]
    with pytest.raises(InvalidSweep) as raised:
        parse(raw)
    problems = raised.value.problems
    assert any(p.startswith("base_config: risk.max_order_quantity") for p in problems), problems
    assert any(p.startswith("dates[0]: '2024-02-30'") for p in problems)
    assert any(p.startswith("dates[1]: range must run forward") for p in problems)


def test_axes_may_name_fields_the_base_leaves_at_their_default(tmp_path):
    raw = sweep_2x2x2(tmp_path)
    raw["axes"] = {"resilience.retry_attempts": [1, 5]}
    spec = parse(raw)
    assert [axis.path for axis in spec.axes] == ["resilience.retry_attempts"]


def test_the_product_covers_days_instruments_and_axes_with_unique_stable_ids(tmp_path):
    spec = parse(sweep_2x2x2(tmp_path))
    runs = plan_runs(spec, "SW-20240305-120000-abcdef", CREATED)
    assert len(runs) == 8
    assert {(r.day, r.instrument, r.parameters["backtest.window_seconds"]) for r in runs} == {
        (day, key, window)
        for day in (date(2024, 3, 1), date(2024, 3, 2))
        for key in (BTC, ETH)
        for window in (120, 300)
    }
    assert len({r.run_id for r in runs}) == 8
    again = plan_runs(spec, "SW-20240305-120000-abcdef", CREATED)
    assert [r.run_id for r in again] == [r.run_id for r in runs]
    other = plan_runs(spec, "SW-20240305-120000-fedcba", CREATED)
    assert not {r.run_id for r in other} & {r.run_id for r in runs}
    first = runs[0]
    assert first.config["backtest"]["dates"] == [first.day.isoformat()]
    assert first.config["backtest"]["instruments"] == [first.instrument]
    assert first.config["backtest"]["window_seconds"] == first.parameters["backtest.window_seconds"]


def test_explicit_points_replace_the_product(tmp_path):
    raw = sweep_2x2x2(tmp_path)
    del raw["axes"]
    raw["instruments"] = []
    raw["points"] = [
        {"backtest.window_seconds": 60, "algorithms.TWAP.horizon_secs": 30},
        {"backtest.window_seconds": 600},
    ]
    spec = parse(raw)
    runs = plan_runs(spec, "SW-20240305-120000-abcdef", CREATED)
    assert len(runs) == 4  # 2 days x 2 points
    assert runs[0].config["algorithms"]["TWAP"]["horizon_secs"] == 30
    assert runs[1].config["backtest"]["window_seconds"] == 600


def test_unknown_fields_and_both_axes_and_points_are_refused(tmp_path):
    raw = sweep_2x2x2(tmp_path)
    raw["points"] = [{"backtest.window_seconds": 60}]
    raw["paralellism"] = 4
    with pytest.raises(InvalidSweep) as raised:
        parse(raw)
    problems = raised.value.problems
    assert any(p.startswith("paralellism: unknown field") for p in problems)
    assert any("either axes" in p for p in problems)


def test_a_base_config_local_root_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = base_config(tmp_path)
    config["storage"]["local_root"] = "relative/store"
    spec = parse({"base_config": config, "dates": ["2024-03-01"]})
    assert spec.base_config["storage"]["local_root"] == str(tmp_path / "relative/store")
