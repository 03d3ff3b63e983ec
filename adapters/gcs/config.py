"""GCS adapter configuration: project, emulator host, timeouts and retries."""

from __future__ import annotations

import os
from collections.abc import Mapping

import attrs

from application.execution.retry import RetryPolicy

EMULATOR_ENV = "STORAGE_EMULATOR_HOST"
PROJECT_ENV = "GOOGLE_CLOUD_PROJECT"


@attrs.frozen(kw_only=True)
class GcsConfig:
    """`emulator_host` (e.g. http://127.0.0.1:9023) means anonymous credentials, no real GCS."""

    project: str | None = None
    emulator_host: str | None = None
    timeout_s: float = 60.0
    retry_attempts: int = 5
    retry_base_delay_s: float = 0.2
    retry_max_delay_s: float = 5.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> GcsConfig:
        """Emulator host from STORAGE_EMULATOR_HOST, project from GOOGLE_CLOUD_PROJECT."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {
            "project": env.get(PROJECT_ENV) or None,
            "emulator_host": env.get(EMULATOR_ENV) or None,
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    @property
    def retry(self) -> RetryPolicy:
        return RetryPolicy(
            max_attempts=self.retry_attempts,
            base_delay_seconds=self.retry_base_delay_s,
            max_delay_seconds=self.retry_max_delay_s,
        )
