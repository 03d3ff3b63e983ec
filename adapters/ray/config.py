"""How to reach Ray: an address (or RAY_ADDRESS) to join a cluster, else a local one."""

from __future__ import annotations

import os

import attrs


@attrs.frozen(kw_only=True)
class RayConfig:
    """`address` None and no RAY_ADDRESS: start a local Ray with `workers` CPUs (default: all
    cores). `max_task_retries`: how often a task whose worker died is run again elsewhere."""

    address: str | None = None
    workers: int | None = None
    max_task_retries: int = 3

    @classmethod
    def from_env(cls, address: str | None = None, workers: int | None = None) -> RayConfig:
        return cls(address=address or os.environ.get("RAY_ADDRESS") or None, workers=workers)
