"""A started Bybit emulator with the recorded BTCUSDT market, and the venue settings naming it."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import attrs

from tests.venues.binance_futures.feed import RecordedMarket
from tests.venues.binance_futures.running import BTCUSDT, recorded_market
from tests.venues.bybit_linear.exchange import BybitLinearExchange
from tests.venues.bybit_linear.server import BybitLinearEmulator

PERP = "BYBIT:PERPETUAL:BTC-USDT@LIN"
SYMBOL = "BTCUSDT"
KEY_ENV, SECRET_ENV = "EMULATED_BYBIT_KEY", "EMULATED_BYBIT_SECRET"
# NautilusTrader's Bybit client logs in and subscribes again after a private-stream drop but
# asks nothing about what it missed; the execution engine's position check does: when the
# venue's position differs from the cache it fetches `/v5/execution/list` and applies the
# executions it lacks, by execution id (none twice).
GAP_RECOVERY = {"position_check_interval_secs": 1.0, "startup_delay_secs": 0.0}


@attrs.define
class RunningBybit:
    """The emulator, its exchange and its recorded market, and credentials it accepts."""

    server: BybitLinearEmulator
    exchange: BybitLinearExchange
    market: RecordedMarket
    api_key: str
    api_secret: str

    @property
    def environ(self) -> dict[str, str]:
        return {KEY_ENV: self.api_key, SECRET_ENV: self.api_secret}

    def venue_options(self, **overrides: Any) -> dict[str, Any]:
        """Nautilus options of a Bybit linear venue whose clients talk to the emulator."""
        return {
            "exchange": "bybit",
            "account_type": "linear",
            "api_key_env": KEY_ENV,
            "api_secret_env": SECRET_ENV,
            "base_url_http": self.server.http_url,
            "base_url_ws": self.server.ws_public_url,
            "base_url_ws_private": self.server.ws_private_url,
            "base_url_ws_trade": self.server.ws_trade_url,
            "node": {"timeout_post_stop_s": 0.1, "log_level": "ERROR"},
            "submit_timeout_s": 5.0,
        } | overrides


@contextlib.asynccontextmanager
async def bybit_emulator(balance: Decimal = Decimal(100_000)) -> AsyncIterator[RunningBybit]:
    """On a free loopback port, quoted from the first recorded quote; stopped after."""
    exchange = BybitLinearExchange([BTCUSDT], balance=balance)
    market = recorded_market(exchange)
    key, secret = "emulated-bybit-key-01234", "emulated-bybit-secret-98765"
    server = BybitLinearEmulator(exchange, key, secret)
    await server.start()
    try:
        yield RunningBybit(server, exchange, market, key, secret)
    finally:
        await server.stop()
