"""The infrastructure every profile presents: shared parts built once, the rest from the profile."""

from __future__ import annotations

from collections.abc import Callable

from dependency_injector import containers, providers

from adapters.memory.event_publisher import InMemoryEventPublisher
from adapters.memory.market_data import InMemoryMarketData
from application.external_venues.supervisor import VenueSupervisor
from application.settings.schema import Settings
from bootstrap.balances import starting_balances
from bootstrap.venues import build_venue_registry
from ports.clock import Clock
from ports.object_store import ObjectStore


class Infrastructure(containers.DeclarativeContainer):
    """The ports the core is wired onto, by one set of names for every profile.

    A profile's own container (`MemoryInfrastructure`, `BacktestInfrastructure`,
    `LiveInfrastructure`) provides only what differs: the clock, the order store and its
    units of work, the object store and the health probes; it stays reachable as `profile`
    for what only it has (the database config, Redis, the backtest use case). Market data,
    balances, the event publisher, the supervisor and the venues are the same everywhere,
    except that the backtest profile simulates every venue.
    """

    settings = providers.Dependency(instance_of=Settings)
    profile = providers.DependenciesContainer()
    profile_name = providers.Dependency(instance_of=str)

    clock = providers.Dependency(instance_of=Clock)
    database = providers.Dependency()  # the store behind the units of work: no common port
    uow_factory = providers.Dependency(instance_of=Callable)
    object_store = providers.Dependency(instance_of=ObjectStore)
    health_probes = providers.Dependency(instance_of=dict)

    market_data = providers.Singleton(InMemoryMarketData)
    balances = providers.Singleton(starting_balances, settings)
    publisher = providers.Singleton(InMemoryEventPublisher)
    supervisor = providers.Singleton(VenueSupervisor, clock=clock)
    venues = providers.Singleton(
        build_venue_registry,
        settings,
        clock=clock,
        market_data=market_data,
        supervisor=supervisor,
        profile=profile_name,
    )


def infrastructure_over(
    own: containers.Container, *, settings: Settings, profile: str
) -> containers.Container:
    """`Infrastructure` whose profile-specific ports are `own`'s providers."""
    return Infrastructure(
        settings=settings,
        profile=own,
        profile_name=providers.Object(profile),
        clock=own.clock,
        database=own.database,
        uow_factory=own.uow_factory,
        object_store=own.object_store,
        health_probes=own.health_probes,
    )
