"""Bybit's execution client with its fill reports handed to the engine oldest first."""

from __future__ import annotations

import asyncio
from typing import Any

from nautilus_trader.adapters.bybit import BybitLiveExecClientFactory


class BybitOldestFirstExecClientFactory(BybitLiveExecClientFactory):
    """NautilusTrader's own Bybit execution client; `generate_fill_reports` sorted by time.

    Bybit lists `/v5/execution/list` newest first. NautilusTrader 1.231's execution engine
    applies the missing fills its position check finds in the order given, and after the
    first one it skips any older fill of the same order as "predating an inferred fill"
    (`_check_and_skip_duplicate_fill`): of two partial fills during a private-stream gap
    only the newer one would be recovered. Oldest first, every one is applied.
    """

    @staticmethod
    def create(  # type: ignore[override]
        loop: asyncio.AbstractEventLoop,
        name: str,
        config: Any,
        msgbus: Any,
        cache: Any,
        clock: Any,
    ) -> Any:
        client = BybitLiveExecClientFactory.create(loop, name, config, msgbus, cache, clock)
        newest_first = client.generate_fill_reports

        async def oldest_first(command: Any) -> list[Any]:
            reports = await newest_first(command)
            return sorted(reports, key=lambda report: report.ts_event)

        client.generate_fill_reports = oldest_first
        return client
