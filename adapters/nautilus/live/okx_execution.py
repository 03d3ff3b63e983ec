"""OKX's execution client, its fill reports made whole for the reconnect gap."""

from __future__ import annotations

import asyncio
from typing import Any

from nautilus_trader.adapters.okx import OKXLiveExecClientFactory

from adapters.nautilus.live.reports import make_reports_whole


class OKXExecClientFactory(OKXLiveExecClientFactory):
    """NautilusTrader's own OKX execution client, its fill reports (`/api/v5/trade/fills`,
    newest first) handed over oldest first (`adapters.nautilus.live.reports`)."""

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
        make_reports_whole(client, cache)
        return client
