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


def load_settings(path: str | Path) -> Settings:
    file = Path(path)
    try:
        raw = json.loads(file.read_text())
    except FileNotFoundError:
        raise ConfigError(str(file), ["file not found: pass an existing JSON file"]) from None
    except json.JSONDecodeError as error:
        raise ConfigError(
            str(file), [f"not valid JSON: line {error.lineno} column {error.colno}: {error.msg}"]
        ) from None
    return parse_settings(raw, str(file))


def risk_limits(settings: Settings) -> RiskLimits:
    values = attrs.asdict(settings.risk, recurse=False)
    values.pop("trading_state")
    return RiskLimits(**values)


def to_json(settings: Settings) -> dict[str, Any]:
    return _converter.unstructure(settings)
