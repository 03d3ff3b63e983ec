"""`odum serve live` in its own process, configured to trade on a running Binance emulator."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import attrs
import httpx

from tests.api.keys import key_headers, keys_environ
from tests.plugins.postgres_server import free_port
from tests.venues.binance_futures.running import PERP, RunningEmulator

ROOT = Path(__file__).resolve().parents[2]
VENUE = "BINANCE-FUTURES"
FINAL = ("FILLED", "CANCELED", "REJECTED", "EXPIRED")


class ServiceFailed(Exception):
    """The service exited or never became ready; the message carries its log."""


@attrs.define
class Service:
    """The service's base URL and its database; the emulator it trades on."""

    base: str
    database_url: str
    emulator: RunningEmulator
    started_in_s: float

    async def post(self, **fields: str) -> dict[str, Any]:
        body = {"instrument_key": PERP, "side": "BUY", "strategy_id": "emu", **fields}
        async with httpx.AsyncClient(timeout=20, headers=key_headers()) as client:
            return (await client.post(f"{self.base}/api/orders", json=body)).json()

    async def post_when_priced(self, operation_id: str, **fields: str) -> dict[str, Any]:
        """The first order after start-up: the service prices orders from the quotes the
        node streams, which begin a moment after it reports ready. A refusal for want of a
        price is retried under a new operation id; the answer names the id that went."""
        for attempt in range(100):
            op = operation_id if attempt == 0 else f"{operation_id}-{attempt}"
            answer = await self.post(operation_id=op, **fields)
            if "NO_REFERENCE_PRICE" not in str(answer.get("error_message")):
                return answer
            await asyncio.sleep(0.05)
        return answer

    async def get(self, path: str) -> Any:
        async with httpx.AsyncClient(timeout=10, headers=key_headers()) as client:
            return (await client.get(f"{self.base}{path}")).json()

    async def until_final(self, operation_id: str) -> dict[str, Any]:
        for _ in range(200):
            order = await self.get(f"/api/orders/{operation_id}")
            if order["status"] in FINAL:
                return order
            await asyncio.sleep(0.05)
        return order


def settings(emulator: RunningEmulator, store: Path, *, paper: bool = False) -> dict[str, Any]:
    """The venue on the emulator; on `paper`, the sandbox trades on the emulator's market."""
    node = {"log_level": "ERROR", "timeout_post_stop_s": 0.1}
    options = emulator.venue_options(node=node, paper=paper)
    venue: dict[str, Any] = {
        "venue_id": VENUE, "kind": "NAUTILUS", "instruments": [PERP],
        "taker_fee": "0.0004", "maker_fee": "0.0002", "min_size": "0.001",
        "adapter": {"type": "nautilus", "options": options},
    }  # fmt: skip
    if paper:
        venue["starting_balances"] = {"USDT": "100000"}
    return {
        "venues": [venue],
        "risk": {
            "max_order_quantity": "5", "price_tolerance_bps": "100",
            "max_orders_per_second": 1000, "max_orders_per_minute": 60000,
        },
        "storage": {"backend": "local", "local_root": str(store)},
        "database": {"url_env": "ODUM_DATABASE_URL"},
        "live": {"mode": "paper" if paper else "live"},
    }  # fmt: skip


async def stream_quotes(emulator: RunningEmulator) -> None:
    """Recorded quotes keep arriving (the risk engine prices orders from them)."""
    quotes = [e for e in emulator.market.events if e.quote is not None]
    for event in quotes:
        assert event.quote is not None
        emulator.exchange.on_quote(event.symbol, *event.quote)
        await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def serving(
    emulator: RunningEmulator, url: str, tmp: Path, *, paper: bool = False
) -> AsyncIterator[Service]:
    config = tmp / "live.emulator.json"
    config.write_text(json.dumps(settings(emulator, tmp / "store", paper=paper)))
    port = free_port()
    log = tmp / "service.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ODUM_DATABASE_URL": url, **emulator.environ}
    env.update(keys_environ())
    args = ["serve", "live", "--config", str(config), "--port", str(port)]
    started = time.monotonic()
    with log.open("w") as out:
        service = subprocess.Popen(
            [sys.executable, "-m", "entrypoints.cli.main", *args],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        await _ready(service, base, log)
        yield Service(base, url, emulator, time.monotonic() - started)
    finally:
        service.terminate()
        await asyncio.to_thread(service.wait, 30)


async def _ready(service: subprocess.Popen[bytes], base: str, log: Path) -> None:
    async with httpx.AsyncClient(timeout=2, headers=key_headers()) as client:
        for _ in range(900):
            if service.poll() is not None:
                raise ServiceFailed(
                    f"the service exited ({service.returncode}):\n{log.read_text()}"
                )
            with contextlib.suppress(httpx.HTTPError):
                venues = (await client.get(f"{base}/api/venues")).json()
                if venues and all(v["connected"] for v in venues):
                    return
            await asyncio.sleep(0.2)
    raise ServiceFailed(f"the service was not ready within 180 s:\n{log.read_text()}")
