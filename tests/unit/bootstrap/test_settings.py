"""Configuration: one error listing every bad field; secrets only by environment name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bootstrap.build import build_container
from bootstrap.settings.loader import ConfigError, load_settings, parse_settings


def test_every_structural_problem_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as raised:
        parse_settings(
            {
                "venues": [{"venue_id": "X", "taker_fee": "cheap"}],
                "risk": {"max_orders_per_second": "many", "trading_state": "PAUSED"},
                "surprise": True,
            }
        )
    problems = raised.value.problems
    assert any(p.startswith("venues[0].taker_fee") for p in problems)
    assert any(p.startswith("risk.max_orders_per_second") for p in problems)
    assert any(p.startswith("risk.trading_state") and "ACTIVE" in p for p in problems)
    assert any("surprise" in p for p in problems)


def test_semantic_problems_name_their_field() -> None:
    with pytest.raises(ConfigError) as raised:
        parse_settings(
            {
                "venues": [
                    {"venue_id": "A", "instruments": ["A:PERP:BTC"], "taker_fee": "4"},
                    {"venue_id": "A", "min_size": "2", "max_size": "1"},
                ],
                "algorithms": {"SNIPER": {}},
            }
        )
    text = str(raised.value)
    assert "venues[0].instruments[0]" in text
    assert "venues[0].taker_fee" in text
    assert "venues[1].venue_id" in text
    assert "venues[1].max_size" in text
    assert "algorithms.SNIPER" in text


def test_a_secret_in_the_file_is_refused_with_the_fix() -> None:
    with pytest.raises(ConfigError) as raised:
        parse_settings(
            {
                "venues": [
                    {
                        "venue_id": "DERIBIT",
                        "adapter": {"type": "deribit", "options": {"client_secret": "hunter2"}},
                    }
                ]
            }
        )
    message = str(raised.value)
    assert "client_secret_env" in message
    assert "hunter2" not in message


def test_files_that_are_missing_or_not_json_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_settings(tmp_path / "nope.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json")
    with pytest.raises(ConfigError, match="line 1 column"):
        load_settings(broken)


def test_a_valid_file_builds_the_test_profile(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(
        json.dumps(
            {
                "venues": [
                    {
                        "venue_id": "BYBIT",
                        "instruments": ["BYBIT:PERPETUAL:BTC-USDT@LIN"],
                        "adapter": {"type": "simulated", "options": {"api_key_env": "BYBIT_KEY"}},
                    }
                ],
                "risk": {"max_order_quantity": "5"},
            }
        )
    )
    container = build_container("test", load_settings(path))
    assert container.core.risk().limits.max_order_quantity == 5
    assert [v.venue_id for v in container.infra.venues().specs()] == ["BYBIT"]
