"""OKX's execution client, its fill reports made whole for the reconnect gap."""

from __future__ import annotations

import asyncio
from typing import Any

from nautilus_trader.adapters.okx import OKXLiveExecClientFactory

from adapters.nautilus.live.fill_reports import oldest_first


class OKXExecClientFactory(OKXLiveExecClientFactory):
    """NautilusTrader's own OKX execution client, its fill reports (`/api/v5/trade/fills`,
    newest first) handed over oldest first (`adapters.nautilus.live.fill_reports`)."""

    @staticmethod
    def create(  # type: ignore[override]
        loop: asyncio.AbstractEventLoop,
        name: str,
        config: Any,
        msgbus: Any,
        cache: Any,
        clock: Any,
    ) -> Any:
        client = OKXLiveExecClientFactory.create(loop, name, config, msgbus, cache, clock)
        client.generate_fill_reports = oldest_first(client.generate_fill_reports, cache)
        return client
