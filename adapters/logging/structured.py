"""`configure_logging`: every log record (ours, uvicorn's, nautilus') as one JSON line with the
bound context (operation_id, client_order_id, run_id, venue), or coloured console output on a
terminal. Called by entry points at start-up, never at import."""

from __future__ import annotations

import functools
import json
import logging
import re
import sys
from collections.abc import MutableMapping
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

import structlog
from structlog.contextvars import merge_contextvars
from structlog.stdlib import ProcessorFormatter, add_log_level
from structlog.typing import Processor

LogFormat = Literal["json", "console"]
SECRET_KEYS = re.compile(r"pass(word)?|secret|token|api_?key|authorization|credential", re.I)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def escape_control(value: str) -> str:
    """What a client sent, made unable to forge a log line (newlines, escapes, NUL)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), value)


def _escape(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key, value in event.items():
        if isinstance(value, str):
            event[key] = escape_control(value)
    return event


@functools.lru_cache(maxsize=4096)
def _is_secret(key: str) -> bool:
    """Log lines reuse a few key names: each is matched once, not on every line."""
    return key != "event" and SECRET_KEYS.search(key) is not None


def _redact(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in event:
        if _is_secret(key):
            event[key] = "[redacted]"
    return event


def _shared_processors() -> list[Any]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _redact,
    ]


def choose_format(stream: TextIO, requested: str | None = None) -> LogFormat:
    """`requested` (json | console) wins; otherwise console on a terminal, JSON elsewhere."""
    if requested in ("json", "console"):
        return requested  # type: ignore[return-value]
    isatty = getattr(stream, "isatty", None)
    return "console" if isatty is not None and isatty() else "json"


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is when a record is emitted (it may be replaced)."""

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _: TextIO) -> None:
        pass


def _json_fallback(value: Any) -> Any:
    """What structlog's JSON renderer writes for a value JSON has no type for."""
    try:
        return value.__structlog__()
    except AttributeError:
        return repr(value)


class JsonLineFormatter(ProcessorFormatter):
    """The JSON formatter. A plain standard-library record (no exception, no stack, not from
    structlog; an audit line, say) is rendered directly: the same keys, in the same order,
    as the processor chain gives, without copying the record or running the chain."""

    def __init__(self, static: dict[str, str], shared: list[Processor]) -> None:
        self._static = static
        # What JSONRenderer's json.dumps(..., default=...) writes, without building an
        # encoder for every line.
        self._encode = json.JSONEncoder(default=_json_fallback).encode
        super().__init__(
            foreign_pre_chain=shared,
            processors=[
                ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(default=_json_fallback),
            ],
        )

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info or record.stack_info or "_logger" in record.__dict__:
            return super().format(record)
        level = record.levelname.lower()
        event: dict[str, Any] = {**self._static, "event": record.getMessage()}
        add_log_level(None, level, merge_contextvars(None, level, event))
        event["logger"] = record.name
        event["timestamp"] = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        return self._encode(_redact(None, level, event))


def _skip_unrendered_record_fields() -> None:
    """No line shows a record's caller, process or task: the logging module is told not to
    look them up for every record (its documented optimisation, logging HOWTO). The thread
    stays: a backtest run's log keeps the records of its own thread (`application.runs.log`)."""
    logging._srcfile = None  # type: ignore[attr-defined]
    logging.logProcesses = logging.logMultiprocessing = False
    logging.logAsyncioTasks = False  # type: ignore[attr-defined]


def configure_logging(
    *,
    level: str = "INFO",
    log_format: LogFormat | None = None,
    stream: TextIO | None = None,
    static: dict[str, str] | None = None,
) -> LogFormat:
    """Route the standard logging and structlog through one handler on `stream` (stderr);
    `static` fields (e.g. service) go on every line. Returns the format chosen."""
    chosen = log_format or choose_format(stream or sys.stderr)
    shared = _shared_processors()
    if static:
        fields = dict(static)
        shared.insert(0, lambda _, __, event: {**fields, **event})
    formatter: logging.Formatter
    if chosen == "json":
        formatter = JsonLineFormatter(dict(static or {}), shared)
    else:
        formatter = ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                ProcessorFormatter.remove_processors_meta,
                _escape,
                structlog.dev.ConsoleRenderer(colors=True),
            ],
        )
    _skip_unrendered_record_fields()
    handler = logging.StreamHandler(stream) if stream is not None else _StderrHandler()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    structlog.configure(
        processors=[*shared, ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    return chosen
