"""Builds venue adapters from configuration: simulated, Deribit, and nautilus TradingNode venues."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import attrs

from adapters.deribit.config import DeribitConfig
from adapters.deribit.execution import DeribitExecutionVenue
from adapters.deribit.options import config_from_options
from adapters.memory.market_data import InMemoryMarketData
from adapters.memory.simulated_venue import SimulatedVenue
from application.execution.venue_registry import VenueRegistry
from application.external_venues.policy import SupervisionPolicy
from application.external_venues.supervisor import VenueSupervisor
from application.settings.schema import ADAPTER_TYPES, Settings, VenueSettings
from domain.enums import VenueKind
from domain.venue import Venue
from ports.clock import Clock
from ports.execution_venue import ExecutionVenue

VenueBuilder = Callable[[VenueSettings, Venue], ExecutionVenue]


class UnsupportedAdapter(Exception):
    def __init__(self, venue_id: str, adapter_type: str, profile: str) -> None:
        super().__init__(
            f"venue {venue_id}: adapter type {adapter_type!r} is not available on the "
            f"{profile} profile"
        )


def deribit_config(settings: VenueSettings) -> DeribitConfig:
    """The venue's fees, sizes and instruments plus the adapter options (URLs, env names...);
    bad options were reported with the rest of the configuration when it was loaded."""
    return config_from_options(
        settings.adapter.options,
        venue_id=settings.venue_id,
        instruments=frozenset(settings.instruments),
        maker_fee=settings.maker_fee,
        taker_fee=settings.taker_fee,
        fee_currency=settings.fee_currency,
        min_size=settings.min_size,
        latency_ms=settings.latency_ms,
    )


def supervised_deribit(
    config: DeribitConfig,
    clock: Clock,
    supervisor: VenueSupervisor,
    *,
    market_data: InMemoryMarketData | None = None,
) -> ExecutionVenue:
    """The Deribit adapter under the supervisor, polled and health-checked at the intervals
    of its own options; the books of its instruments feed `market_data` (what the router,
    the risk engine and signal sizing read)."""
    policy = SupervisionPolicy(
        poll_interval_seconds=config.poll_interval_s, health_check_seconds=config.health_check_s
    )
    venue = DeribitExecutionVenue(config, clock=clock)
    if market_data is not None:
        for key in sorted(config.instruments):
            venue.watch_book(key, partial(market_data.set_book, config.venue_id))
    return supervisor.register(venue, policy=policy)


def nautilus_builder(settings: Settings, market_data: InMemoryMarketData) -> VenueBuilder:
    """Venues on ONE TradingNode for the container, created here (imported only when used:
    importing NautilusTrader's live node switches asyncio to uvloop outside tests)."""
    from adapters.nautilus.live.config import parse_venue_config
    from adapters.nautilus.live.execution import NautilusNodeVenue
    from adapters.nautilus.live.node import NautilusNode

    node = NautilusNode(algorithm_defaults=settings.algorithms)

    def build(vs: VenueSettings, spec: Venue) -> ExecutionVenue:
        config = parse_venue_config(
            vs.venue_id,
            vs.adapter.options,
            instruments=vs.instruments,
            starting_balances=vs.starting_balances,
            maker_fee=vs.maker_fee,
            taker_fee=vs.taker_fee,
        )
        spec = attrs.evolve(spec, kind=VenueKind.NAUTILUS)
        return NautilusNodeVenue(config, spec, node=node, on_book=market_data.set_book)

    return build


def venue_spec(settings: VenueSettings) -> Venue:
    return Venue(
        venue_id=settings.venue_id,
        kind=settings.kind,
        maker_fee=settings.maker_fee,
        taker_fee=settings.taker_fee,
        latency_ms=settings.latency_ms,
        min_size=settings.min_size,
        max_size=settings.max_size,
        instruments=frozenset(settings.instruments),
        fee_currency=settings.fee_currency,
    )


def build_venue_registry(
    settings: Settings,
    *,
    clock: Clock,
    market_data: InMemoryMarketData,
    supervisor: VenueSupervisor,
    profile: str = "test",
) -> VenueRegistry:
    """One adapter per configured venue: `simulated`, `deribit` (registered with the
    supervisor, which keeps external venues connected and polled) and `nautilus` (venues
    of one shared TradingNode, connected by the event pump). The backtest profile simulates
    every venue, whatever adapter it names for live trading."""

    def simulated(_settings: VenueSettings, spec: Venue) -> ExecutionVenue:
        return SimulatedVenue(spec, clock, market_data=market_data)

    available: dict[str, VenueBuilder] = {
        "simulated": simulated,
        "deribit": lambda vs, spec: supervised_deribit(
            deribit_config(vs),
            clock,
            supervisor,
            market_data=market_data,
        ),
    }
    if profile == "backtest":
        available = dict.fromkeys(ADAPTER_TYPES, simulated)
    elif any(vs.adapter.type == "nautilus" for vs in settings.venues):
        available["nautilus"] = nautilus_builder(settings, market_data)
    registry = VenueRegistry()
    for venue_settings in settings.venues:
        kind = venue_settings.adapter.type
        if kind not in available:
            raise UnsupportedAdapter(venue_settings.venue_id, kind, profile)
        registry.register(available[kind](venue_settings, venue_spec(venue_settings)))
    return registry
