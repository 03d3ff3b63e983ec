"""Builds venue adapters from configuration (simulated now; Deribit and nautilus plug in here)."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from adapters.deribit.config import DeribitConfig
from adapters.deribit.execution import DeribitExecutionVenue
from adapters.memory.market_data import InMemoryMarketData
from adapters.memory.simulated_venue import SimulatedVenue
from application.external_venues.supervisor import VenueSupervisor
from application.venue_registry import VenueRegistry
from bootstrap.settings.schema import Settings, VenueSettings
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
    """The venue's fees, sizes and instruments plus the adapter options (URLs, env names...)."""
    options = dict(settings.adapter.options)
    known = {field.name for field in attrs.fields(DeribitConfig)}
    unknown = sorted(set(options) - known)
    if unknown:
        raise UnsupportedAdapter(
            settings.venue_id, f"deribit with unknown options {', '.join(unknown)}", "any"
        )
    return DeribitConfig(
        venue_id=settings.venue_id,
        instruments=frozenset(settings.instruments),
        maker_fee=settings.maker_fee,
        taker_fee=settings.taker_fee,
        fee_currency=settings.fee_currency,
        min_size=settings.min_size,
        latency_ms=settings.latency_ms,
        **options,
    )


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
    builders: dict[str, VenueBuilder] | None = None,
    profile: str = "test",
) -> VenueRegistry:
    """One adapter per configured venue: `simulated` and `deribit` everywhere (external
    venues are registered with the supervisor, which keeps them connected and polled)."""
    available: dict[str, VenueBuilder] = {
        "simulated": lambda vs, spec: SimulatedVenue(spec, clock, market_data=market_data),
        "deribit": lambda vs, spec: supervisor.register(
            DeribitExecutionVenue(deribit_config(vs), clock=clock)
        ),
        **(builders or {}),
    }
    registry = VenueRegistry()
    for venue_settings in settings.venues:
        kind = venue_settings.adapter.type
        if kind not in available:
            raise UnsupportedAdapter(venue_settings.venue_id, kind, profile)
        registry.register(available[kind](venue_settings, venue_spec(venue_settings)))
    return registry
