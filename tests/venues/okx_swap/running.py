"""A started OKX emulator with the recorded BTCUSDT market, and the venue settings naming it."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import attrs

from tests.venues.binance_futures.feed import RecordedMarket
from tests.venues.binance_futures.running import recorded_market
from tests.venues.okx_swap.exchange import OkxSwapExchange
from tests.venues.okx_swap.listing import BTC_USDT_SWAP
from tests.venues.okx_swap.server import OkxSwapEmulator
from tests.venues.okx_swap.signing import ApiKey

PERP = "OKX:PERPETUAL:BTC-USDT@LIN"
SYMBOL = BTC_USDT_SWAP.spec.symbol  # the engine's (the recording's) symbol
KEY_ENV, SECRET_ENV = "EMULATED_OKX_KEY", "EMULATED_OKX_SECRET"
PASSPHRASE_ENV = "EMULATED_OKX_PASSPHRASE"
# NautilusTrader's OKX client logs in again after a private-stream drop and asks nothing
# about what it missed (OKX replays nothing); the execution engine's position check does:
# when the venue's position differs from the cache it fetches `/api/v5/trade/fills` and
# applies the fills it lacks, by trade id (none twice).
GAP_RECOVERY = {"position_check_interval_secs": 1.0, "startup_delay_secs": 0.0}
TEST_KEY = ApiKey("emulated-okx-key-0123", "emulated-okx-secret-9876", "emulated-passphrase")


@attrs.define
class RunningOkx:
    """The emulator, its exchange and its recorded market, and the key it accepts."""

    server: OkxSwapEmulator
    exchange: OkxSwapExchange
    market: RecordedMarket
    key: ApiKey

    @property
    def environ(self) -> dict[str, str]:
        return {KEY_ENV: self.key.key, SECRET_ENV: self.key.secret,
                PASSPHRASE_ENV: self.key.passphrase}  # fmt: skip

    def venue_options(self, **overrides: Any) -> dict[str, Any]:
        """Nautilus options of an OKX linear-swap venue whose clients talk to the emulator."""
        return {
            "exchange": "okx",
            "account_type": "linear",
            "api_key_env": KEY_ENV,
            "api_secret_env": SECRET_ENV,
            "api_passphrase_env": PASSPHRASE_ENV,
            "base_url_http": self.server.http_url,
            "base_url_ws": self.server.ws_public_url,
            "base_url_ws_private": self.server.ws_private_url,
            "node": {"timeout_post_stop_s": 0.1, "log_level": "ERROR"},
            "submit_timeout_s": 5.0,
        } | overrides


@contextlib.asynccontextmanager
async def okx_emulator(balance: Decimal = Decimal(100_000)) -> AsyncIterator[RunningOkx]:
    """On a free loopback port, quoted from the first recorded quote; stopped after."""
    exchange = OkxSwapExchange([BTC_USDT_SWAP], balance=balance)
    market = recorded_market(exchange)
    server = OkxSwapEmulator(exchange, TEST_KEY)
    await server.start()
    try:
        yield RunningOkx(server, exchange, market, TEST_KEY)
    finally:
        await server.stop()
