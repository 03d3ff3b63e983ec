"""Bybit's data client on a public stream URL of its own (NautilusTrader 1.231 has no option)."""

from __future__ import annotations

import asyncio
from typing import Any

from nautilus_trader.adapters.bybit import BybitDataClientConfig, BybitLiveDataClientFactory
from nautilus_trader.adapters.bybit.config import _resolve_environment
from nautilus_trader.core import nautilus_pyo3


class BybitPublicUrlDataClientConfig(BybitDataClientConfig, frozen=True):
    """`BybitDataClientConfig` and the public stream's URL (`wss://.../v5/public/linear`).

    NautilusTrader 1.231's data client opens its public streams on `base_url_http` when that
    is set (an `http://` URL no WebSocket connects to) and has no field for the stream's URL.
    """

    base_url_ws: str | None = None


class BybitPublicUrlDataClientFactory(BybitLiveDataClientFactory):
    """NautilusTrader's own Bybit data client, its public streams opened on `base_url_ws`."""

    @staticmethod
    def create(  # type: ignore[override]
        loop: asyncio.AbstractEventLoop,
        name: str,
        config: BybitPublicUrlDataClientConfig,
        msgbus: Any,
        cache: Any,
        clock: Any,
    ) -> Any:
        client = BybitLiveDataClientFactory.create(loop, name, config, msgbus, cache, clock)
        environment = _resolve_environment(config.environment)
        for product_type in list(client._ws_clients):
            stream = nautilus_pyo3.BybitWebSocketClient.new_public(
                product_type=product_type,
                environment=environment,
                url=config.base_url_ws,
                proxy_url=config.proxy_url,
            )
            stream.set_bars_timestamp_on_close(config.bars_timestamp_on_close)
            client._ws_clients[product_type] = stream
        return client
