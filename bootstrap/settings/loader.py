"""Loading and validating the configuration file: every problem reported at once."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from adapters.serialization.converter import error_messages, make_converter
from application.settings.schema import Settings
from bootstrap.settings.semantics import semantic_problems
from domain.risk_limits import RiskLimits


class ConfigError(Exception):
    """An invalid configuration; `problems` lists each bad field and why."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source, self.problems = source, problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"invalid configuration {source}:\n{lines}")


_converter = make_converter()


def parse_settings(raw: Mapping[str, Any], source: str = "<config>") -> Settings:
    if not isinstance(raw, Mapping):
        raise ConfigError(source, ["(root): must be a JSON object"])
    try:
        settings = _converter.structure(dict(raw), Settings)
    except Exception as error:  # cattrs reports every field in one exception group
        raise ConfigError(source, error_messages(error)) from None
    problems = semantic_problems(settings)
    if problems:
        raise ConfigError(source, problems)
    return settings


MAX_CONFIG_BYTES = 1_000_000


def read_config_text(file: Path, limit: int = MAX_CONFIG_BYTES) -> str:
    """A regular file of at most `limit` bytes, as UTF-8 (never a device, FIFO or directory)."""
    if not file.exists():
        raise ConfigError(str(file), ["file not found: pass an existing JSON file"])
    if not file.is_file():
        raise ConfigError(str(file), ["not a regular file: pass a JSON file"])
    with file.open("rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise ConfigError(str(file), [f"larger than {limit} bytes: not a configuration file"])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(str(file), [f"not UTF-8 text (byte {error.start})"]) from None


def parse_config_text(text: str | bytes, source: str) -> Settings:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(
            source, [f"not valid JSON: line {error.lineno} column {error.colno}: {error.msg}"]
        ) from None
    except (RecursionError, ValueError) as error:
        raise ConfigError(source, [f"not valid JSON: {error}"]) from None
    return parse_settings(raw, source)


def load_settings(path: str | Path) -> Settings:
    file = Path(path)
    return parse_config_text(read_config_text(file), str(file))


def risk_limits(settings: Settings) -> RiskLimits:
    values = attrs.asdict(settings.risk, recurse=False)
    values.pop("trading_state")
    return RiskLimits(**values)


def to_json(settings: Settings) -> dict[str, Any]:
    return _converter.unstructure(settings)
