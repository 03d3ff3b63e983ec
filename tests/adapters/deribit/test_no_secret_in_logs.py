"""A whole faulty Deribit session through the live service (lost answers, errors after the
work, token expiry, drops, HTTP fallback with fresh logins) with every logger at DEBUG and
websockets' frame log unabridged: the client secret appears in no log record, no answer
and no file written."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from websockets.frames import Frame

from adapters.system.clock import SystemClock
from bootstrap.build import ApplicationContainer, build_container
from entrypoints.http.live_app import create_live_app
from tests.fakes.deribit_server import FakeDeribit
from tests.integration.test_orders_to_fake_deribit import deribit_settings
from tests.plugins.deribit_fake import FAKE_CLIENT_ID, running_fake

SECRET = "sekret-" + secrets.token_hex(16)
LOGGERS = ("", "httpx", "httpcore", "websockets", "websockets.client", "websockets.server")


@pytest.fixture
async def secret_fake() -> AsyncIterator[FakeDeribit]:
    async with running_fake(client_secret=SECRET) as fake:
        yield fake


@pytest.fixture
def service(
    secret_fake: FakeDeribit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[ApplicationContainer, Litestar]:
    """The live service on the test profile; made before logging is captured, because the
    app configures logging (its root handlers) when it is created."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ODUM_TEST_DERIBIT_ID", FAKE_CLIENT_ID)
    monkeypatch.setenv("ODUM_TEST_DERIBIT_SECRET", SECRET)
    container = build_container("test", deribit_settings(secret_fake), clock=SystemClock())
    return container, create_live_app(container)


@pytest.fixture
def every_log(
    service: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> Iterator[Path]:
    """DEBUG on every logger, frames logged in full, a log file in the working directory."""
    monkeypatch.setattr(Frame, "MAX_LOG_SIZE", 1_000_000)
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    log_file = tmp_path / "session.log"
    handler = logging.FileHandler(log_file)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    handler.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    yield log_file
    logging.getLogger().removeHandler(handler)
    handler.close()


async def _until(check: Any, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not await check():
            await asyncio.sleep(0.05)


async def test_the_client_secret_is_in_no_log_answer_or_file(
    secret_fake: FakeDeribit,
    service: tuple[ApplicationContainer, Litestar],
    every_log: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake, (container, app) = secret_fake, service
    answers: list[str] = []
    await container.core.reconciliation().run()
    pump = container.core.event_pump()
    await pump.start()
    venue = container.infra.venues().get("DERIBIT")
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://odum") as client:

            async def order(op: str, **extra: str) -> None:
                body = {"operation_id": op, "instrument_key": extra.pop("key", ""), **extra}
                answer = await client.post("/api/orders", json=body)
                answers.append(answer.text)

            async def connected() -> bool:
                return venue.connected

            perp = "DERIBIT:PERPETUAL:BTC-USD@INV"
            fake.faults.error_after_work("private/buy", 11094, "internal_server_error")
            await order("s-1", key=perp, side="BUY", quantity="100")
            fake.expire_tokens()
            await order("s-2", key=perp, side="BUY", quantity="10", price="40000")
            fake.faults.lose_answer("private/buy", "drop")
            await order("s-3", key=perp, side="BUY", quantity="10", price="40000")
            # The WebSocket is down: queries go over HTTP and log in there (client secret).
            await fake.drop_connections(refuse_new=True)
            await venue.open_orders()
            fake.expire_tokens()
            fake.revoke_refresh_tokens()
            await venue.positions()
            await order("s-4", key=perp, side="SELL", quantity="10")
            answers.append((await client.get("/api/venues")).text)
            fake.accept_connections()
            await _until(connected)
            fake.expire_tokens()
            fake.revoke_refresh_tokens()
            await order("s-5", key=perp, side="SELL", quantity="10")
            answers.append((await client.get("/api/orders/s-5")).text)
    finally:
        await pump.stop()

    assert "public/auth" in fake.calls  # logins did happen, over both transports
    assert len(fake.api.auth_grants) >= 4
    records = [
        f"{r.name} {r.getMessage()} {r.exc_text or ''} {r.stack_info or ''}" for r in caplog.records
    ]
    assert any(r.name.startswith(("httpx", "httpcore")) for r in caplog.records)
    # websockets' own records are captured too (the fake's server logs through it).
    assert any(r.name == "tests.fakes.deribit_server.ws" for r in caplog.records)
    for text in records + answers:
        assert SECRET not in text, text
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert every_log in written
    for path in written:
        assert SECRET.encode() not in path.read_bytes(), path
