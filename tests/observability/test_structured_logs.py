"""Structured logs: one JSON object per line with the operation, order, venue and run bound."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
import structlog
from litestar.testing import TestClient

from adapters.auth.keys import Role
from adapters.logging.structured import (
    JsonLineFormatter,
    _shared_processors,
    configure_logging,
    escape_control,
)
from adapters.memory.metrics import InMemoryMetrics
from adapters.observability.metered_backtest import MeteredBacktest
from application.runs.log import RunLog
from bootstrap.containers.log_setup import configure_service_logging
from entrypoints.http.live_app import create_live_app
from tests.api.keys import TEST_KEYS, key_headers
from tests.observability.test_live_metrics import BTC, VENUE, live_container
from tests.observability.test_metered_order_path import FixedRun


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Logging configured onto a buffer; the process's logging put back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    stream = io.StringIO()
    configure_logging(level="INFO", log_format="json", stream=stream, static={"service": "t"})
    try:
        yield stream
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)
        structlog.reset_defaults()
        structlog.contextvars.clear_contextvars()


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_failed_submit_is_logged_with_its_operation_order_and_venue(
    captured: io.StringIO,
) -> None:
    container = live_container()
    container.infra.venues().get(VENUE).faults.fail_next(1, code="INSUFFICIENT", retryable=False)
    with TestClient(create_live_app(container, keys=TEST_KEYS)) as client:
        client.headers.update(key_headers(Role.OPERATOR))
        body = {"operation_id": "log-1", "instrument_key": BTC, "side": "BUY", "quantity": "1"}
        assert client.post("/api/orders", json=body).json()["status"] == "REJECTED"
        client.get("/api/health")

    [failed] = [line for line in lines(captured) if "failed" in line["event"]]
    assert failed["operation_id"] == "log-1"
    assert failed["venue"] == VENUE
    assert failed["client_order_id"]
    assert failed["client_order_id"] in failed["event"]
    assert failed["level"] == "warning"
    assert failed["service"] == "t"
    assert {"timestamp", "logger"} <= set(failed)
    later = [line for line in lines(captured) if "health" in line["event"]]
    assert all("operation_id" not in line for line in later)  # not carried to the next request


def test_a_backtest_logs_under_its_run_id(captured: io.StringIO) -> None:
    @attrs.frozen
    class Command:
        run_id: str

    class LoggingRun(FixedRun):
        def __call__(self, command: Any, progress: Any = None) -> Any:
            logging.getLogger("engine").info("window 1 of 3")
            return super().__call__(command, progress)

    MeteredBacktest(LoggingRun(), InMemoryMetrics())(Command(run_id="BT-20240808-1"))
    logging.getLogger("after").info("outside the run")

    inside, outside = lines(captured)
    assert inside["run_id"] == "BT-20240808-1"
    assert "run_id" not in outside


def test_what_a_client_sends_cannot_forge_a_line(captured: io.StringIO) -> None:
    logging.getLogger("http").warning("unknown path %s", '/x\n{"level": "critical"}')
    [line] = lines(captured)
    assert line["event"].endswith('/x\n{"level": "critical"}')
    assert escape_control("a\nb\r\x00c\x1b[31m") == "a\\nb\\r\\x00c\\x1b[31m"


def test_the_format_follows_the_terminal_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    root = logging.getLogger()
    handlers = list(root.handlers)
    try:
        assert configure_service_logging("svc", {}) == "json"  # pytest's stderr is no tty
        assert configure_service_logging("svc", {"ODUM_LOG_FORMAT": "console"}) == "console"
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)
        structlog.reset_defaults()


def test_a_plain_record_is_rendered_as_the_processor_chain_renders_it() -> None:
    """The JSON formatter's direct rendering of a standard-library record: the same line as
    structlog's chain (static fields, bound context, level, logger, redaction) gives."""
    fields = {"service": "t"}
    shared = [lambda _, __, event: {**fields, **event}, *_shared_processors()]
    chain = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
    )
    direct = JsonLineFormatter(fields, shared)
    structlog.contextvars.bind_contextvars(
        operation_id="op-\n1", api_key="k", amount=Decimal("1.5"), attempt=2, venue=None
    )
    try:
        for level, message, args in [
            (logging.INFO, "audit key=%s -> %d", ("bench", 200)),
            (logging.WARNING, "submit é %s failed", ("x\x00",)),
            (logging.ERROR, "100%% done", ()),
        ]:
            record = logging.LogRecord("odum.audit", level, __file__, 1, message, args, None)
            rendered = [json.loads(f.format(record)) for f in (chain, direct)]
            for line in rendered:
                line.pop("timestamp")
            assert rendered[0] == rendered[1]
            assert list(rendered[0]) == list(rendered[1])  # the same order of keys
            assert rendered[1]["api_key"] == "[redacted]"
    finally:
        structlog.contextvars.clear_contextvars()


def test_a_backtest_runs_own_log_keeps_its_records_under_the_service_logging(
    captured: io.StringIO,
) -> None:
    # The run's log keeps its own thread's records: the logging set-up must not drop the
    # thread of each record (a served backtest's log was empty).
    with RunLog() as run:
        logging.getLogger("application.backtest.engine").info("window 1 loaded")
    assert "INFO application.backtest.engine: window 1 loaded" in run.text
    assert any(line["event"] == "window 1 loaded" for line in lines(captured))
