"""A started emulator with the recorded BTCUSDT market, and the venue settings naming it."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import attrs

from tests.real_data import TARDIS, require
from tests.venues.binance_futures.exchange import BinanceFuturesExchange
from tests.venues.binance_futures.feed import RecordedMarket, load
from tests.venues.binance_futures.orders import SymbolSpec
from tests.venues.binance_futures.server import BinanceFuturesEmulator

PERP = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
KEY_ENV, SECRET_ENV = "EMULATED_BINANCE_KEY", "EMULATED_BINANCE_SECRET"
BTCUSDT = SymbolSpec(
    symbol="BTCUSDT",
    base="BTC",
    quote="USDT",
    tick_size=Decimal("0.01"),
    step_size=Decimal("0.001"),
    min_qty=Decimal("0.001"),
)


@attrs.define
class RunningEmulator:
    """The emulator, its exchange and its recorded market, and credentials it accepts."""

    server: BinanceFuturesEmulator
    exchange: BinanceFuturesExchange
    market: RecordedMarket
    api_key: str
    api_secret: str

    @property
    def environ(self) -> dict[str, str]:
        return {KEY_ENV: self.api_key, SECRET_ENV: self.api_secret}

    def venue_options(self, **overrides: Any) -> dict[str, Any]:
        """Nautilus options of a Binance USD-M venue whose clients talk to the emulator."""
        return {
            "exchange": "binance",
            "account_type": "usdt_future",
            "api_key_env": KEY_ENV,
            "api_secret_env": SECRET_ENV,
            "base_url_http": self.server.http_url,
            "base_url_ws": self.server.ws_url,
            "base_url_ws_stream": self.server.ws_url,
            "node": {"timeout_post_stop_s": 0.1, "log_level": "ERROR"},
            "submit_timeout_s": 5.0,
        } | overrides


def recorded_market(exchange: BinanceFuturesExchange) -> RecordedMarket:
    """The recorded BTCUSDT day feeding `exchange`, advanced to its first quote."""
    quotes = require(TARDIS / "binance-futures_quotes_2020-02-22_BTCUSDT.csv")
    trades = require(TARDIS / "binance-futures_trades_2020-02-22_BTCUSDT.csv")
    market = RecordedMarket(exchange, load(quotes, trades))
    market.advance_to_first_quote()
    return market


@contextlib.asynccontextmanager
async def binance_emulator(balance: Decimal = Decimal(100_000)) -> AsyncIterator[RunningEmulator]:
    """On a free loopback port, quoted from the first recorded quote; stopped after."""
    exchange = BinanceFuturesExchange([BTCUSDT], balance=balance)
    market = recorded_market(exchange)
    key, secret = "emulated-key-0123456789", "emulated-secret-9876543210"
    server = BinanceFuturesEmulator(exchange, key, secret)
    await server.start()
    try:
        yield RunningEmulator(server, exchange, market, key, secret)
    finally:
        await server.stop()
