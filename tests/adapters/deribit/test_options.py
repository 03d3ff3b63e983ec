"""The Deribit adapter's options in the configuration file: every bad field in one error
list, each with its path and fix; good options reach the adapter's config."""

from __future__ import annotations

from typing import Any

import pytest

from application.settings.schema import Settings
from bootstrap.settings.loader import ConfigError, parse_settings
from bootstrap.venues import deribit_config


def settings_with(options: dict[str, Any]) -> Settings:
    venue = {
        "venue_id": "DERIBIT",
        "kind": "EXTERNAL_SDK",
        "instruments": ["DERIBIT:PERPETUAL:BTC-USD@INV"],
        "adapter": {"type": "deribit", "options": options},
    }
    return parse_settings({"venues": [venue]})


def problems_of(options: dict[str, Any]) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        settings_with(options)
    return raised.value.problems


def test_several_bad_options_are_reported_together_with_their_fix() -> None:
    problems = problems_of(
        {
            "heartbeat_interval_s": 5,
            "request_timeout_s": "fast",
            "ws_url": "wss://test.deribit.com/ws/api/v2",
            "max_attempts": 0,
            "client_secret": "hunter2",
            "credits": {"matching_cost": -1},
            "token_refresh_fraction": 0.7,  # valid, and not a secret
        }
    )

    at = "venues[0].adapter.options."
    by_field = {p.split(":")[0].removeprefix(at): p for p in problems}
    assert sorted(by_field) == [
        "client_secret",
        "credits",
        "heartbeat_interval_s",
        "max_attempts",
        "request_timeout_s",
        "ws_url",
    ]
    assert "at least 10" in by_field["heartbeat_interval_s"]
    assert "did you mean ws_url_override?" in by_field["ws_url"]
    assert "client_secret_env" in by_field["client_secret"]
    assert "hunter2" not in " ".join(problems)
    assert not any("not available" in p for p in problems)


def test_a_bad_token_refresh_fraction_is_named_as_such() -> None:
    problems = problems_of({"token_refresh_fraction": 1.5})

    assert problems == [
        "venues[0].adapter.options.token_refresh_fraction: 1.5 is not valid; use a number "
        "between 0 and 1, e.g. 0.8 (renew after 80% of the token's lifetime)"
    ]


def test_venue_fields_in_the_options_are_sent_back_to_the_venue() -> None:
    problems = problems_of({"taker_fee": "0.1"})

    assert problems == [
        "venues[0].adapter.options.taker_fee: set on the venue itself, not in adapter.options"
    ]


def test_good_options_reach_the_adapter_config() -> None:
    settings = settings_with(
        {
            "token_refresh_fraction": 0.7,
            "heartbeat_interval_s": 15,
            "ws_url_override": "ws://127.0.0.1:9/ws/api/v2",
            "client_secret_env": "MY_DERIBIT_SECRET",
            "credits": {"matching_cost": 250},
        }
    )

    config = deribit_config(settings.venues[0])

    assert (config.token_refresh_fraction, config.heartbeat_interval_s) == (0.7, 15)
    assert config.ws_url == "ws://127.0.0.1:9/ws/api/v2"
    assert config.client_secret_env == "MY_DERIBIT_SECRET"
    assert config.credits.matching_cost == 250
    assert config.instruments == frozenset({"DERIBIT:PERPETUAL:BTC-USD@INV"})
