"""Settings of a paper nautilus venue replaying the real Binance futures sample day."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from application.settings.schema import Settings
from bootstrap.settings.loader import parse_settings
from tests.real_data import TARDIS

SAMPLES = TARDIS
TRADES_CSV = SAMPLES / "binance-futures_trades_2020-02-22_BTCUSDT.csv"
QUOTES_CSV = SAMPLES / "binance-futures_quotes_2020-02-22_BTCUSDT.csv"
PERP = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
VENUE = "BINANCE-FUTURES"


def replay(*, trades: bool = True, quotes: bool = True, autoplay: bool = False) -> dict[str, Any]:
    """Recorded ticks of the sample day; with `autoplay` off only the test moves them."""
    return {
        "trades_csv": str(TRADES_CSV) if trades else None,
        "quotes_csv": str(QUOTES_CSV) if quotes else None,
        "instruments": {PERP: {"tick_size": "0.01", "lot_size": "0.001"}},
        "autoplay": autoplay,
    }


def paper_options(**overrides: Any) -> dict[str, Any]:
    """A Binance USD-M paper venue fed from the recorded ticks."""
    options: dict[str, Any] = {
        "exchange": "binance",
        "account_type": "usdt_future",
        "paper": True,
        "replay": replay(),
        "node": {"timeout_post_stop_s": 0.1, "log_level": "ERROR"},
        "submit_timeout_s": 5.0,
    }
    return options | overrides


def paper_settings(**overrides: Any) -> Settings:
    return parse_settings(
        {
            "venues": [
                {
                    "venue_id": VENUE,
                    "kind": "NAUTILUS",
                    "instruments": [PERP],
                    "taker_fee": "0.0004",
                    "maker_fee": "0.0002",
                    "starting_balances": {"USDT": "100000"},
                    "adapter": {"type": "nautilus", "options": paper_options(**overrides)},
                }
            ],
            "risk": {"max_order_quantity": "10"},
            "storage": {"backend": "memory"},
        }
    )


async def eventually(check: Callable[[], Awaitable[Any]], timeout: float = 5.0) -> Any:
    """The first truthy result of `check`, or its last result after `timeout` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await check()
        if result or asyncio.get_running_loop().time() > deadline:
            return result
        await asyncio.sleep(0.02)
