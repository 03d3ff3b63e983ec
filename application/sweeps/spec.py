"""A sweep file: a base backtest config, dates, instruments and parameter axes, validated."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import attrs

MAX_POINTS = 100_000
MAX_RETRIES = 5
MAX_DAYS = 3_660

# Checks one whole backtest config; answers the problems found (empty when valid).
ConfigCheck = Callable[[Mapping[str, Any]], list[str]]
# A valid config with every default filled in, so that axes may name defaulted fields.
ConfigComplete = Callable[[Mapping[str, Any]], dict[str, Any]]


class InvalidSweep(Exception):
    """A sweep file that cannot run; `problems` names every bad field at once."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"invalid sweep:\n{lines}")


@attrs.frozen(kw_only=True)
class Axis:
    """One parameter axis: a config path (dotted, list indices as numbers) and its values."""

    path: str
    values: tuple[Any, ...]


@attrs.frozen(kw_only=True)
class SweepSpec:
    """What a sweep runs: one backtest per (day, instrument, parameter point)."""

    base_config: Mapping[str, Any]
    dates: tuple[date, ...]
    instruments: tuple[str, ...] = ()
    axes: tuple[Axis, ...] = ()
    points: tuple[Mapping[str, Any], ...] = ()  # explicit points instead of a product of axes
    retries: int = 1
    metric: str = "net_pnl"

    def to_json(self) -> dict[str, Any]:
        return {
            "base_config": dict(self.base_config),
            "dates": [day.isoformat() for day in self.dates],
            "instruments": list(self.instruments),
            "axes": {axis.path: list(axis.values) for axis in self.axes},
            "points": [dict(point) for point in self.points],
            "retries": self.retries,
            "metric": self.metric,
        }


METRICS = ("net_pnl", "gross_pnl", "sharpe", "sortino", "max_drawdown", "fills", "io_reduction")
_KNOWN = {"base_config", "dates", "instruments", "axes", "points", "retries", "metric"}


def parse_sweep(raw: Any, check: ConfigCheck, complete: ConfigComplete) -> SweepSpec:
    """The sweep `raw` describes, or InvalidSweep listing every problem (each bad axis too)."""
    if not isinstance(raw, Mapping):
        raise InvalidSweep(["(root): must be a JSON object"])
    problems = [
        f"{key}: unknown field (known: {', '.join(sorted(_KNOWN))})"
        for key in raw
        if key not in _KNOWN
    ]
    base = raw.get("base_config")
    if not isinstance(base, Mapping):
        problems.append("base_config: must be a backtest config object")
        base = {}
    else:
        base_problems = check(base)
        problems += [f"base_config: {p}" for p in base_problems]
        base = {} if base_problems else complete(base)
    dates = _dates(raw.get("dates"), problems)
    instruments = _instruments(raw.get("instruments", []), problems)
    axes = _axes(raw.get("axes", {}), base, check, problems)
    points = _points(raw.get("points", []), base, check, problems)
    if axes and points:
        problems.append("points: give either axes (their product is run) or points, not both")
    retries = raw.get("retries", 1)
    if type(retries) is not int or not 0 <= retries <= MAX_RETRIES:
        problems.append(f"retries: {retries!r} must be a whole number from 0 to {MAX_RETRIES}")
    metric = raw.get("metric", "net_pnl")
    if metric not in METRICS:
        problems.append(f"metric: {metric!r} is not one of {', '.join(METRICS)}")
    if problems:
        raise InvalidSweep(problems)
    spec = SweepSpec(
        base_config=dict(base),
        dates=dates,
        instruments=instruments,
        axes=axes,
        points=points,
        retries=retries,
        metric=metric,
    )
    count = len(dates) * max(len(instruments), 1) * _parameter_count(spec)
    if count > MAX_POINTS:
        raise InvalidSweep([f"(root): {count} runs exceed the limit of {MAX_POINTS}"])
    return spec


def _parameter_count(spec: SweepSpec) -> int:
    if spec.points:
        return len(spec.points)
    count = 1
    for axis in spec.axes:
        count *= len(axis.values)
    return count


def _dates(raw: Any, problems: list[str]) -> tuple[date, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append('dates: a non-empty list of "YYYY-MM-DD" or {"from": ..., "to": ...}')
        return ()
    days: set[date] = set()
    for index, item in enumerate(raw):
        where = f"dates[{index}]"
        if isinstance(item, str):
            day = _day(item, where, problems)
            if day is not None:
                days.add(day)
        elif isinstance(item, Mapping) and set(item) == {"from", "to"}:
            first, last = (
                _day(item["from"], where + ".from", problems),
                _day(item["to"], where + ".to", problems),
            )
            if first and last:
                if last < first or (last - first).days >= MAX_DAYS:
                    problems.append(f"{where}: range must run forward, at most {MAX_DAYS} days")
                    continue
                days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
        else:
            problems.append(f'{where}: {item!r} is neither "YYYY-MM-DD" nor {{"from", "to"}}')
    return tuple(sorted(days))


def _day(text: Any, where: str, problems: list[str]) -> date | None:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        problems.append(f"{where}: {text!r} is not a date YYYY-MM-DD")
        return None


def _instruments(raw: Any, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(k, str) and k for k in raw):
        problems.append("instruments: a list of canonical instrument keys")
        return ()
    if len(set(raw)) != len(raw):
        problems.append("instruments: a key is listed twice")
    return tuple(raw)


def _axes(
    raw: Any, base: Mapping[str, Any], check: ConfigCheck, problems: list[str]
) -> tuple[Axis, ...]:
    if not isinstance(raw, Mapping):
        problems.append("axes: an object of config path -> list of values")
        return ()
    axes = []
    for path, values in raw.items():
        where = f"axes[{path!r}]"
        if not isinstance(values, list) or not values:
            problems.append(f"{where}: must be a non-empty list of values")
            continue
        if not base:
            continue
        if not has_path(base, path):
            problems.append(f"{where}: unknown config path (not in the base config)")
            continue
        for value in values:
            problems += [
                f"{where}: value {value!r}: {p}" for p in check(apply(base, {path: value}))
            ]
        axes.append(Axis(path=path, values=tuple(values)))
    return tuple(axes)


def _points(
    raw: Any, base: Mapping[str, Any], check: ConfigCheck, problems: list[str]
) -> tuple[Mapping[str, Any], ...]:
    if not isinstance(raw, list) or not all(isinstance(p, Mapping) and p for p in raw):
        problems.append("points: a list of non-empty objects of config path -> value")
        return ()
    for index, point in enumerate(raw):
        if not base:
            break
        unknown = [path for path in point if not has_path(base, path)]
        for path in unknown:
            problems.append(f"points[{index}][{path!r}]: unknown config path")
        if not unknown:
            problems += [f"points[{index}]: {p}" for p in check(apply(base, point))]
    return tuple(dict(point) for point in raw)


def _segments(path: str) -> list[str | int]:
    return [int(part) if part.isdigit() else part for part in path.split(".")]


def has_path(config: Mapping[str, Any], path: str) -> bool:
    """Whether `path` names a value already in `config` (the base, defaults filled in)."""
    node: Any = config
    for part in _segments(path):
        if not _holds(node, part):
            return False
        node = node[part]
    return True


def _holds(node: Any, part: str | int) -> bool:
    if isinstance(part, int):
        return isinstance(node, list) and part < len(node)
    return isinstance(node, Mapping) and part in node


def apply(config: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of `config` with each path of `values` set."""
    result = _copy(config)
    for path, value in values.items():
        *parents, last = _segments(path)
        node: Any = result
        for part in parents:
            node = node[part]
        node[last] = value
    return result


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return [_copy(item) for item in value]
    return value
