"""`odum serve live` in its own process, configured to trade on a running venue emulator
(Binance by default; `serving_venue` takes any emulator's venue settings)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

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
    emulator: Any  # the running emulator (RunningEmulator, RunningBybit, RunningOkx)
    started_in_s: float
    instrument_key: str = PERP

    async def post(self, **fields: str) -> dict[str, Any]:
        body = {"instrument_key": self.instrument_key, "side": "BUY", "strategy_id": "emu"}
        body |= fields
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

    async def until_acknowledged(self, operation_id: str) -> dict[str, Any]:
        """The order once the exchange's acceptance reached the service (its order id)."""
        for _ in range(200):
            order = await self.get(f"/api/orders/{operation_id}")
            if order.get("venue_order_id"):
                return order
            await asyncio.sleep(0.05)
        return order

    async def until_final(self, operation_id: str) -> dict[str, Any]:
        for _ in range(200):
            order = await self.get(f"/api/orders/{operation_id}")
            if order["status"] in FINAL:
                return order
            await asyncio.sleep(0.05)
        return order


@attrs.frozen(kw_only=True)
class EmulatedVenue:
    """The venue a service trades on an emulator: its id, its instrument and fees."""

    venue_id: str
    instrument_key: str
    taker_fee: str
    maker_fee: str
    min_size: str


BINANCE = EmulatedVenue(
    venue_id=VENUE, instrument_key=PERP, taker_fee="0.0004", maker_fee="0.0002", min_size="0.001"
)


@attrs.frozen
class ApiOrders:
    """What the service answered to the scenario of `order_through_the_api`."""

    filled: dict[str, Any]  # the market order, final
    canceled: dict[str, Any]  # the resting limit's DELETE answer
    refused: dict[str, Any]  # the order the exchange refuses


async def order_through_the_api(
    service: Service, *, quantity: str, refused_quantity: str, tick: Decimal
) -> ApiOrders:
    """A market order filled; a limit half a percent below its fill price, resting, then
    canceled; a limit of `refused_quantity` at that price, which the exchange refuses."""
    placed = await service.post_when_priced("emu-market", quantity=quantity)
    assert placed["status"] in ("ACCEPTED", "FILLED"), placed
    filled = await service.until_final(placed["operation_id"])
    assert filled["status"] == "FILLED", filled

    below = str((Decimal(filled["avg_fill_price"]) * Decimal("0.995")).quantize(tick))
    resting = await service.post(
        operation_id="emu-limit", order_type="LIMIT", price=below, quantity=quantity
    )
    assert resting["status"] == "ACCEPTED", resting
    async with httpx.AsyncClient(timeout=20, headers=key_headers()) as client:
        canceled = await client.delete(f"{service.base}/api/orders/emu-limit")
    assert canceled.status_code == 200, canceled.text

    refused = await service.post(
        operation_id="emu-refused", order_type="LIMIT", price=below, quantity=refused_quantity
    )
    assert refused["status"] == "REJECTED", refused
    return ApiOrders(filled, canceled.json(), refused)


def settings(
    emulator: Any,
    store: Path,
    *,
    paper: bool = False,
    venue: EmulatedVenue = BINANCE,
    **overrides: Any,
) -> dict[str, Any]:
    """The venue on the emulator; on `paper`, the sandbox trades on the emulator's market;
    `overrides` of its adapter options."""
    node = {"log_level": "ERROR", "timeout_post_stop_s": 0.1}
    options = emulator.venue_options(node=node, **({"paper": True} if paper else {}), **overrides)
    adapter = {"type": "nautilus", "options": options}
    listed: dict[str, Any] = {
        "venue_id": venue.venue_id, "kind": "NAUTILUS", "instruments": [venue.instrument_key],
        "taker_fee": venue.taker_fee, "maker_fee": venue.maker_fee,
        "min_size": venue.min_size, "adapter": adapter,
    }  # fmt: skip
    if paper:
        listed["starting_balances"] = {"USDT": "100000"}
    return {
        "venues": [listed],
        "risk": {
            "max_order_quantity": "5", "price_tolerance_bps": "100",
            "max_orders_per_second": 1000, "max_orders_per_minute": 60000,
        },
        "storage": {"backend": "local", "local_root": str(store)},
        "database": {"url_env": "ODUM_DATABASE_URL"},
        "live": {"mode": "paper" if paper else "live"},
    }  # fmt: skip


async def stream_quotes(emulator: Any) -> None:
    """Recorded quotes keep arriving (the risk engine prices orders from them)."""
    quotes = [e for e in emulator.market.events if e.quote is not None]
    for event in quotes:
        assert event.quote is not None
        emulator.exchange.on_quote(event.symbol, *event.quote)
        await asyncio.sleep(0.05)


def serving(
    emulator: RunningEmulator, url: str, tmp: Path, *, paper: bool = False
) -> contextlib.AbstractAsyncContextManager[Service]:
    """The service on the Binance emulator."""
    return serving_venue(emulator, url, tmp, BINANCE, paper=paper)


def serving_venue(
    emulator: Any,
    url: str,
    tmp: Path,
    venue: EmulatedVenue,
    *,
    paper: bool = False,
    **overrides: Any,
) -> contextlib.AbstractAsyncContextManager[Service]:
    """`odum serve live` on `venue` at the emulator, until it answers with every venue
    connected; terminated after."""
    chosen = settings(emulator, tmp / "store", paper=paper, venue=venue, **overrides)
    return serving_settings(emulator, url, tmp, chosen, venue.instrument_key)


@contextlib.asynccontextmanager
async def serving_settings(
    emulator: Any, url: str, tmp: Path, chosen: dict[str, Any], instrument_key: str
) -> AsyncIterator[Service]:
    """`odum serve live` with the settings `chosen` (the emulator's key in its environment),
    until it answers with every venue connected; terminated after."""
    config = tmp / "live.emulated.json"
    config.write_text(json.dumps(chosen))
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
        yield Service(base, url, emulator, time.monotonic() - started, instrument_key)
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


@contextlib.asynccontextmanager
async def quoted(
    emulator: Any, serving: contextlib.AbstractAsyncContextManager[Service]
) -> AsyncIterator[Service]:
    """`serving` while the emulator's recorded quotes stream; a service that does not start
    fails the test with its log."""
    feed = asyncio.create_task(stream_quotes(emulator))
    try:
        try:
            async with serving as running:
                yield running
        except ServiceFailed as failed:
            pytest.fail(str(failed))
    finally:
        feed.cancel()
