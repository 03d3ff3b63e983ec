"""`odum serve live` in its own process, configured to trade on a running Bybit emulator."""

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

from tests.api.keys import keys_environ
from tests.nautilus_live.emulated_service import ROOT, Service, _ready
from tests.plugins.postgres_server import free_port
from tests.venues.bybit_linear.running import GAP_RECOVERY, PERP, RunningBybit

VENUE = "BYBIT"


@attrs.define
class BybitService(Service):
    """The service on the Bybit emulator: orders name the Bybit perpetual."""

    async def post(self, **fields: str) -> dict[str, Any]:
        return await super().post(**({"instrument_key": PERP} | fields))


def settings(emulator: RunningBybit, store: Path, **overrides: Any) -> dict[str, Any]:
    """The venue on the emulator, gaps recovered; `overrides` of its adapter options."""
    node = {"log_level": "ERROR", "timeout_post_stop_s": 0.1}
    options = emulator.venue_options(node=node, reconciliation=GAP_RECOVERY, **overrides)
    venue = {
        "venue_id": VENUE, "kind": "NAUTILUS", "instruments": [PERP],
        "taker_fee": "0.00055", "maker_fee": "0.0002", "min_size": "0.001",
        "adapter": {"type": "nautilus", "options": options},
    }  # fmt: skip
    return {
        "venues": [venue],
        "risk": {
            "max_order_quantity": "5", "price_tolerance_bps": "100",
            "max_orders_per_second": 1000, "max_orders_per_minute": 60000,
        },
        "storage": {"backend": "local", "local_root": str(store)},
        "database": {"url_env": "ODUM_DATABASE_URL"},
        "live": {"mode": "live"},
    }  # fmt: skip


async def stream_quotes(emulator: RunningBybit) -> None:
    """Recorded quotes keep arriving on the public stream (the risk engine prices from them)."""
    for event in [e for e in emulator.market.events if e.quote is not None]:
        assert event.quote is not None
        emulator.exchange.on_quote(event.symbol, *event.quote)
        await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def serving(
    emulator: RunningBybit, url: str, tmp: Path, **overrides: Any
) -> AsyncIterator[BybitService]:
    config = tmp / "live.bybit-emulator.json"
    config.write_text(json.dumps(settings(emulator, tmp / "store", **overrides)))
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
        yield BybitService(base, url, emulator, time.monotonic() - started)  # type: ignore[arg-type]
    finally:
        service.terminate()
        await asyncio.to_thread(service.wait, 30)
