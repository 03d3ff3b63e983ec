"""`odum serve live` in its own process on the fake Deribit (tests/fakes/deribit_server.py),
started the way the emulator services are, for figures comparable with theirs."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import attrs

from tests.fakes.deribit_server import FakeDeribit
from tests.nautilus_live.emulated_service import Service, serving_settings
from tests.plugins.deribit_fake import FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, running_fake

PERP = "DERIBIT:PERPETUAL:BTC-USD@INV"
LOT = "10"  # contracts of USD 10
ID_ENV, SECRET_ENV = "EMULATED_DERIBIT_ID", "EMULATED_DERIBIT_SECRET"
DEPTH = "100000000"  # deep enough that orders alternating sides never exhaust a level


@attrs.frozen
class RunningDeribit:
    """The started fake and the key it accepts, in the environment the service reads."""

    fake: FakeDeribit

    @property
    def environ(self) -> dict[str, str]:
        return {ID_ENV: FAKE_CLIENT_ID, SECRET_ENV: FAKE_CLIENT_SECRET}


@contextlib.asynccontextmanager
async def deribit_fake() -> AsyncIterator[RunningDeribit]:
    """The fake with a deep BTC perpetual book (bids 49990 down, asks 50000 up)."""
    async with running_fake() as fake:
        fake.exchange.set_book(
            "BTC-PERPETUAL",
            bids=[(str(49990 - i * 10), DEPTH) for i in range(3)],
            asks=[(str(50000 + i * 10), DEPTH) for i in range(3)],
        )
        yield RunningDeribit(fake)


def settings(running: RunningDeribit, store: Path) -> dict[str, Any]:
    """One Deribit venue on the fake. Deribit's matching pool sustains 5 orders a second;
    the credits are relaxed so that the service's path is timed, not Deribit's pacing."""
    options = {
        "ws_url_override": running.fake.ws_url, "http_url_override": running.fake.http_url,
        "client_id_env": ID_ENV, "client_secret_env": SECRET_ENV,
        "credits": {"matching_capacity": 10**9, "matching_refill_per_second": 10**9},
    }  # fmt: skip
    venue = {
        "venue_id": "DERIBIT", "kind": "EXTERNAL_SDK", "instruments": [PERP],
        "taker_fee": "0.0005", "maker_fee": "0", "min_size": LOT, "fee_currency": "BTC",
        "adapter": {"type": "deribit", "options": options},
    }  # fmt: skip
    return {
        "venues": [venue],
        "risk": {
            "max_order_quantity": "1000", "price_tolerance_bps": "100",
            "max_orders_per_second": 1000, "max_orders_per_minute": 60000,
        },
        "storage": {"backend": "local", "local_root": str(store)},
        "database": {"url_env": "ODUM_DATABASE_URL"},
        "live": {"mode": "live"},
    }  # fmt: skip


def serving(
    running: RunningDeribit, url: str, tmp: Path
) -> contextlib.AbstractAsyncContextManager[Service]:
    """The service on the fake Deribit, until every venue is connected."""
    return serving_settings(running, url, tmp, settings(running, tmp / "store"), PERP)
