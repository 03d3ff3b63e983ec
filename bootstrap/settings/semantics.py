"""Rules on a structurally valid configuration (keys parse, fees sane, no secrets)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from adapters.deribit.options import OPTION_NAMES as DERIBIT_OPTIONS
from adapters.deribit.options import option_problems as deribit_option_problems
from application.settings.schema import Settings
from domain.errors import InvalidInstrumentKey
from domain.instrument_key import InstrumentKey
from domain.risk_limits import limit_problems

_SECRET_KEY = re.compile(r"(secret|password|passwd|api_key|apikey|token|private_key)", re.I)
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")


def semantic_problems(settings: Settings) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for n, venue in enumerate(settings.venues):
        where = f"venues[{n}]"
        if venue.venue_id in seen:
            problems.append(f"{where}.venue_id: {venue.venue_id!r} appears twice")
        seen.add(venue.venue_id)
        for fee_name in ("maker_fee", "taker_fee"):
            fee = getattr(venue, fee_name)
            if not Decimal("-0.01") <= fee <= Decimal("0.05"):
                problems.append(f"{where}.{fee_name}: {fee} is not a fee rate (0.0004 = 4 bps)")
        if venue.max_size is not None and venue.max_size < venue.min_size:
            problems.append(f"{where}.max_size: below min_size {venue.min_size}")
        for i, key in enumerate(venue.instruments):
            problems += _key_problem(f"{where}.instruments[{i}]", key)
        options_at = f"{where}.adapter.options"
        if venue.adapter.type == "deribit":
            problems += deribit_option_problems(options_at, _not_secret(venue.adapter.options))
            problems += _secret_problems(options_at, venue.adapter.options, DERIBIT_OPTIONS)
        else:
            problems += _secret_problems(options_at, venue.adapter.options)
    for key in settings.risk.instrument_position_limits:
        problems += _key_problem(f"risk.instrument_position_limits.{key}", key)
    problems += limit_problems(settings.risk)
    problems += _database_problems(settings)
    problems += _api_problems(settings)
    unknown = set(settings.algorithms) - {"TWAP", "VWAP", "ICEBERG"}
    for name in sorted(unknown):
        problems.append(f"algorithms.{name}: unknown algorithm (TWAP, VWAP or ICEBERG)")
    return problems


def _database_problems(settings: Settings) -> list[str]:
    database, problems = settings.database, []
    if not _ENV_NAME.match(database.url_env):
        problems.append(
            "database.url_env: must name an environment variable, e.g. ODUM_DATABASE_URL"
        )
    if database.pool_max_size < 1:
        problems.append("database.pool_max_size: must be at least 1 (10 is the default)")
    if database.pool_min_size < 0:
        problems.append("database.pool_min_size: must be zero or more")
    elif database.pool_min_size > database.pool_max_size >= 1:
        problems.append(f"database.pool_min_size: above pool_max_size {database.pool_max_size}")
    return problems


def _api_problems(settings: Settings) -> list[str]:
    api, problems = settings.api, []
    for name in ("keys_env", "keys_file_env"):
        if not _ENV_NAME.match(getattr(api, name)):
            problems.append(f"api.{name}: must name an environment variable")
    if not 1_000 <= api.max_body_bytes <= 100_000_000:
        problems.append("api.max_body_bytes: must be between 1000 and 100000000")
    for index, origin in enumerate(api.allowed_origins):
        if origin == "*" or not re.match(r"^https?://[^/\s]+$", origin):
            problems.append(
                f"api.allowed_origins[{index}]: {origin!r} must be one origin such as "
                "https://ops.example.com (no wildcard, no path)"
            )
    return problems


def _key_problem(where: str, key: str) -> list[str]:
    try:
        InstrumentKey.parse(key)
    except InvalidInstrumentKey as error:
        return [f"{where}: {error}"]
    return []


def _not_secret(options: dict[str, Any]) -> dict[str, Any]:
    """The options the secret check does not already refuse."""
    return {k: v for k, v in options.items() if k in DERIBIT_OPTIONS or not _SECRET_KEY.search(k)}


def _secret_problems(
    where: str, options: dict[str, Any], known: frozenset[str] = frozenset()
) -> list[str]:
    """Secrets live in the environment: an option may only name the variable (`*_env`).
    `known` options of the adapter are not secrets whatever their name says."""
    problems = []
    for name, value in options.items():
        if name in known and not name.endswith("_env"):
            continue
        if name.endswith("_env"):
            if not isinstance(value, str) or not _ENV_NAME.match(value):
                problems.append(f"{where}.{name}: must name an environment variable")
        elif _SECRET_KEY.search(name):
            problems.append(
                f"{where}.{name}: secrets are never stored in the config; "
                f"set {name}_env to the name of an environment variable instead"
            )
        elif isinstance(value, dict):
            problems += _secret_problems(f"{where}.{name}", value)
    return problems
