"""A trading world whose venue is a fake Deribit on loopback (real WebSocket and HTTP)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import Any

from adapters.system.clock import SystemClock
from bootstrap.build import ApplicationContainer, build_container
from bootstrap.settings.loader import parse_settings
from features.steps.world import TradingWorld
from tests.fakes.deribit_server import FakeDeribit
from tests.plugins.deribit_fake import FAKE_CLIENT_ID, FAKE_CLIENT_SECRET

DERIBIT_KEYS = {"BTC": "DERIBIT:PERPETUAL:BTC-USD@INV", "ETH": "DERIBIT:PERPETUAL:ETH-USD@INV"}
ENV_ID, ENV_SECRET = "ODUM_BDD_DERIBIT_ID", "ODUM_BDD_DERIBIT_SECRET"


class WallClockWorld(TradingWorld):
    """A world on wall time whose venue answers over a real connection or a real node."""

    def settle(self) -> None:
        self.run(asyncio.sleep(0.05))

    def eventually(self, check: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Network events arrive when they arrive: retry `check` until it passes."""
        deadline = self.loop.time() + timeout
        while True:
            try:
                return check()
            except AssertionError:
                if self.loop.time() > deadline:
                    raise
                self.run(asyncio.sleep(0.05))

    def close_service(self) -> None:
        if self.container is not None:
            self.run(self.container.core.event_pump().stop())
            self.container = None

    def close(self) -> None:
        self.close_service()
        super().close()


class DeribitWorld(WallClockWorld):
    """The live service on the test profile with wall time, trading a fake Deribit."""

    def __init__(self) -> None:
        super().__init__()
        self.fake = self.run(
            FakeDeribit(client_id=FAKE_CLIENT_ID, client_secret=FAKE_CLIENT_SECRET).start()
        )
        os.environ[ENV_ID], os.environ[ENV_SECRET] = FAKE_CLIENT_ID, FAKE_CLIENT_SECRET

    def build(self) -> ApplicationContainer:
        if self.container is None:
            settings = parse_settings(
                {
                    "venues": [
                        {
                            "venue_id": "DERIBIT",
                            "kind": "EXTERNAL_SDK",
                            "instruments": sorted(DERIBIT_KEYS.values()),
                            "taker_fee": "0.0005",
                            "maker_fee": "0",
                            "fee_currency": "BTC",
                            "min_size": "10",
                            "adapter": {
                                "type": "deribit",
                                "options": {
                                    "ws_url_override": self.fake.ws_url,
                                    "http_url_override": self.fake.http_url,
                                    "client_id_env": ENV_ID,
                                    "client_secret_env": ENV_SECRET,
                                    "request_timeout_s": 2.0,
                                    "retry_delay_s": 0.01,
                                    "gap_overlap_s": 5.0,
                                    "poll_interval_s": 0.5,
                                },
                            },
                        }
                    ],
                    "risk": self.risk,
                    "resilience": self.resilience,
                }
            )
            self.container = build_container("test", settings, clock=SystemClock())
            self.run(self.container.core.event_pump().start())
        return self.container

    def key(self, asset: str, venue: str | None = None) -> str:
        return DERIBIT_KEYS[asset]

    def close(self) -> None:
        super().close_service()
        self.run(self.fake.stop())
        TradingWorld.close(self)


class SandboxNodeWorld(WallClockWorld):
    """The live service trading a NautilusTrader TradingNode in paper mode (sandbox exec
    client), fed with the recorded Binance futures ticks that the steps replay."""

    def build(self) -> ApplicationContainer:
        if self.container is None:
            from tests.nautilus_live.paper import paper_settings, replay

            settings = paper_settings(replay=replay(autoplay=False))
            self.container = build_container("test", settings, clock=SystemClock())
            self.run(self.container.core.event_pump().start())
        return self.container

    def key(self, asset: str, venue: str | None = None) -> str:
        return "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"

    def replay(self, ticks: int | None) -> None:
        """Move the recorded market: `ticks` more ticks, or the rest of the day."""
        feed = self.venue("BINANCE-FUTURES").replay  # type: ignore[attr-defined]
        self.run(feed.advance(ticks) if ticks is not None else feed.play())
        self.settle()
