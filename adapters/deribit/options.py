"""The Deribit adapter's `adapter.options` from the configuration file: every bad field
reported at once with its fix, then the frozen `DeribitConfig` built from them."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

import attrs

from adapters.deribit.config import CreditLimits, DeribitConfig

# Fields that come from the venue's own settings (fees, sizes, instruments), not options.
FROM_VENUE = frozenset(
    {"venue_id", "instruments", "maker_fee", "taker_fee", "fee_currency", "min_size", "latency_ms"}
)
OPTION_NAMES = frozenset(f.name for f in attrs.fields(DeribitConfig)) - FROM_VENUE
_SECONDS = "a number of seconds above 0"
FIXES: dict[str, str] = {
    "testnet": "true (test.deribit.com) or false (www.deribit.com)",
    "cancel_on_disconnect": "true or false",
    "ws_url_override": "a ws:// or wss:// URL, or null",
    "http_url_override": "an http:// or https:// URL, or null",
    "heartbeat_interval_s": "a whole number of seconds, at least 10 (Deribit refuses less)",
    "stale_after_heartbeats": "a number above 0, e.g. 2.5 (heartbeat intervals without any "
    "message from Deribit before the connection counts as lost)",
    "poll_interval_s": _SECONDS,
    "health_check_s": _SECONDS,
    "request_timeout_s": _SECONDS,
    "connect_timeout_s": _SECONDS,
    "token_refresh_fraction": "a number between 0 and 1, e.g. 0.8 (renew after 80% of the "
    "token's lifetime)",
    "max_attempts": "a whole number, at least 1",
    "retry_delay_s": "a number of seconds, 0 or more",
    "gap_overlap_s": "a number of seconds, 0 or more",
    "credits": "an object with whole numbers above 0 for "
    + ", ".join(f.name for f in attrs.fields(CreditLimits)),
}
_URL_SCHEMES = {
    "ws_url_override": ("ws://", "wss://"),
    "http_url_override": ("http://", "https://"),
}


class DeribitOptionsError(ValueError):
    """Deribit adapter options that cannot be used; `problems` names each field and fix."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def option_problems(where: str, options: Mapping[str, Any]) -> list[str]:
    """One line per bad option, `where.name: ... use ...`. Names ending in `_env` are the
    general settings check's (they must name environment variables)."""
    problems: list[str] = []
    for name, value in options.items():
        if name.endswith("_env") and name in OPTION_NAMES:
            continue
        if name not in OPTION_NAMES:
            problems.append(f"{where}.{name}: {_unknown(name)}")
        elif not _valid(name, value):
            problems.append(f"{where}.{name}: {_shown(value)} is not valid; use {FIXES[name]}")
    return problems


def config_from_options(options: Mapping[str, Any], **venue_fields: Any) -> DeribitConfig:
    """The adapter config; raises `DeribitOptionsError` listing every bad option."""
    problems = option_problems("adapter.options", options)
    if problems:
        raise DeribitOptionsError(problems)
    values = dict(options)
    if isinstance(values.get("credits"), Mapping):
        values["credits"] = CreditLimits(**values["credits"])
    return DeribitConfig(**venue_fields, **values)


def _unknown(name: str) -> str:
    if name in FROM_VENUE:
        return "set on the venue itself, not in adapter.options"
    close = difflib.get_close_matches(name, sorted(OPTION_NAMES), n=1, cutoff=0.5)
    hint = f"did you mean {close[0]}? " if close else ""
    return f"not a Deribit option; {hint}known: {', '.join(sorted(OPTION_NAMES))}"


def _valid(name: str, value: Any) -> bool:
    if name == "credits":
        return _valid_credits(value)
    if name in _URL_SCHEMES:
        return value is None or (isinstance(value, str) and value.startswith(_URL_SCHEMES[name]))
    field = attrs.fields_dict(DeribitConfig)[name]
    default = field.default
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        ok_type = isinstance(value, int) and not isinstance(value, bool)
    else:  # float
        ok_type = isinstance(value, int | float) and not isinstance(value, bool)
    return ok_type and _passes(field, value)


def _valid_credits(value: Any) -> bool:
    if not isinstance(value, Mapping):
        return False
    known = attrs.fields_dict(CreditLimits)
    return all(
        key in known and isinstance(n, int) and not isinstance(n, bool) and n > 0
        for key, n in value.items()
    )


def _passes(field: Any, value: Any) -> bool:
    if field.validator is None:
        return True
    try:
        field.validator(None, field, value)
    except (ValueError, TypeError):
        return False
    return True


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
