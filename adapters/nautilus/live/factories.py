"""Client factories of each venue, registered on the node under the venue's client name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from adapters.nautilus.live.bybit import BybitPublicUrlDataClientFactory
from adapters.nautilus.live.bybit_execution import (
    BybitExecClientFactory,
    BybitRestExecClientFactory,
)
from adapters.nautilus.live.config import NautilusVenueConfig
from adapters.nautilus.live.feed import ReplayDataClient, replay_factory
from adapters.nautilus.live.options import Exchange


class FactoryRegistry(Protocol):
    """What a TradingNode offers to register factories (before `build()`)."""

    def add_data_client_factory(self, name: str, factory: type) -> None: ...

    def add_exec_client_factory(self, name: str, factory: type) -> None: ...


def exchange_factories(exchange: Exchange) -> tuple[type, type]:
    """The (data, execution) client factories of an exchange."""
    if exchange is Exchange.BINANCE:
        from nautilus_trader.adapters.binance import (
            BinanceLiveDataClientFactory,
            BinanceLiveExecClientFactory,
        )

        return BinanceLiveDataClientFactory, BinanceLiveExecClientFactory
    if exchange is Exchange.BYBIT:
        from nautilus_trader.adapters.bybit import BybitLiveDataClientFactory

        return BybitLiveDataClientFactory, BybitExecClientFactory
    from nautilus_trader.adapters.okx import OKXLiveDataClientFactory

    from adapters.nautilus.live.okx_execution import OKXExecClientFactory

    return OKXLiveDataClientFactory, OKXExecClientFactory


def client_factories(
    venue: NautilusVenueConfig, feeds: dict[str, ReplayDataClient]
) -> tuple[type, type]:
    """Replay or the exchange for data; the sandbox (paper) or the exchange for execution."""
    data, execution = exchange_factories(venue.options.exchange)
    if venue.options.replay is not None:
        data = replay_factory(feeds)
    elif venue.options.exchange is Exchange.BYBIT and venue.options.base_url_ws is not None:
        data = BybitPublicUrlDataClientFactory
    if venue.options.order_entry == "rest":
        execution = BybitRestExecClientFactory
    if venue.options.paper:
        # The node builder recognises the sandbox factory by its class name: use it as is.
        from nautilus_trader.adapters.sandbox.factory import SandboxLiveExecClientFactory

        execution = SandboxLiveExecClientFactory
    return data, execution


def register_client_factories(
    node: FactoryRegistry,
    venues: Sequence[NautilusVenueConfig],
    feeds: dict[str, ReplayDataClient],
) -> dict[str, tuple[Any, Any]]:
    """Register every venue's factories under its client name; returns what was registered."""
    registered = {}
    for venue in venues:
        data, execution = client_factories(venue, feeds)
        node.add_data_client_factory(venue.client_name, data)
        node.add_exec_client_factory(venue.client_name, execution)
        registered[venue.client_name] = (data, execution)
    return registered
