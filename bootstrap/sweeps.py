"""Builds a sweep: its config checks, the store its outputs go to and the executor it runs on."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

from application.sweeps.run_sweep import RunSweep
from ports.object_store import ObjectStore
from ports.sweep_executor import SweepExecutor

ExecutorKind = Literal["ray", "inline"]


def config_problems(config: Mapping[str, Any]) -> list[str]:
    """Every problem of one backtest config, as `odum backtest` would report them."""
    from bootstrap.settings.loader import ConfigError, parse_settings

    try:
        parse_settings(dict(config), "<sweep config>")
    except ConfigError as error:
        return list(error.problems)
    return []


def complete_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """A valid config with its defaults filled in; a local store root made absolute so that
    workers started elsewhere on this machine find the same directory."""
    from bootstrap.settings.loader import parse_settings, to_json

    settings = parse_settings(dict(config), "<sweep config>")
    if settings.storage.backend == "local":
        root = str(Path(settings.storage.local_root).resolve())
        settings = attrs.evolve(settings, storage=attrs.evolve(settings.storage, local_root=root))
    return to_json(settings)


def build_executor(
    kind: ExecutorKind, *, address: str | None = None, workers: int | None = None
) -> SweepExecutor:
    from bootstrap.sweep_worker import run_sweep_point

    if kind == "inline":
        from adapters.memory.inline_sweep_executor import InlineSweepExecutor

        return InlineSweepExecutor(run_sweep_point)
    from adapters.ray.config import RayConfig
    from adapters.ray.sweep_executor import RaySweepExecutor

    return RaySweepExecutor(run_sweep_point, RayConfig.from_env(address, workers))


def sweep_store(base_config: Mapping[str, Any]) -> ObjectStore:
    """The object store the base config names: the runs write there, and so does the sweep."""
    from bootstrap.settings.loader import parse_settings
    from bootstrap.storage import build_object_store

    return build_object_store(parse_settings(dict(base_config), "<sweep base config>"))


def build_run_sweep(store: ObjectStore, executor: SweepExecutor) -> RunSweep:
    from adapters.results.sweep_table import ParquetSweepTableEncoder

    return RunSweep(store, executor, ParquetSweepTableEncoder())
