"""Structured logging of a service process: configured once at start-up, from the environment."""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from typing import Any

from structlog.contextvars import bind_contextvars

from adapters.logging.structured import LogFormat, choose_format, configure_logging

LEVEL_ENV, FORMAT_ENV = "ODUM_LOG_LEVEL", "ODUM_LOG_FORMAT"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def configure_service_logging(service: str, environ: Mapping[str, str]) -> LogFormat:
    """`ODUM_LOG_LEVEL` (INFO) and `ODUM_LOG_FORMAT` (json | console; default: console on a
    terminal, JSON otherwise); every line carries `service`."""
    level = environ.get(LEVEL_ENV, "INFO").upper()
    if level not in LEVELS:
        print(
            f"odum: {LEVEL_ENV}={level!r} is not one of {', '.join(LEVELS)}: using INFO",
            file=sys.stderr,
        )
        level = "INFO"
    chosen = choose_format(sys.stderr, environ.get(FORMAT_ENV, "").lower() or None)
    configure_logging(level=level, log_format=chosen, static={"service": service})
    return chosen


def bind_live_run(container: Any) -> str | None:
    """The live service's LIVE- run id on every line of the process (when it records a run)."""
    if not container.settings().live.record_run:
        return None
    try:
        run_id = container.core.run_recorder().run_id
    except Exception:  # the lifespan reports a results store that cannot be built
        return None
    bind_contextvars(run_id=run_id)
    logging.getLogger(__name__).info("live run %s", run_id)
    return run_id
