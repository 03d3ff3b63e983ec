"""`build_container(profile, settings)`: the composition root of every entry point."""

from __future__ import annotations

from typing import Literal

from dependency_injector import containers, providers

from application.settings.schema import Settings
from bootstrap.containers.core import CoreContainer
from bootstrap.containers.infrastructure import infrastructure_over
from bootstrap.containers.memory_infra import MemoryInfrastructure
from bootstrap.containers.observability import PrometheusMetrics, instrument
from ports.clock import Clock

Profile = Literal["test", "backtest", "live"]
PROFILES: tuple[Profile, ...] = ("test", "backtest", "live")


class ApplicationContainer(containers.DeclarativeContainer):
    """Infrastructure chosen by profile, the core wired onto it."""

    settings = providers.Dependency(instance_of=Settings)
    infra = providers.DependenciesContainer()
    metrics = providers.Singleton(PrometheusMetrics)  # one registry per container
    core = providers.Container(
        CoreContainer,
        settings=settings,
        clock=infra.clock,
        uow_factory=infra.uow_factory,
        market_data=infra.market_data,
        balances=infra.balances,
        publisher=infra.publisher,
        venues=infra.venues,
        supervisor=infra.supervisor,
        object_store=infra.object_store,
    )


def _own_infrastructure(profile: Profile, settings: Settings) -> containers.Container:
    """What `profile` provides of its own (the rest is the same for every profile)."""
    if profile == "test":
        return MemoryInfrastructure(settings=settings)
    if profile == "live":
        from bootstrap.containers.live_infra import LiveInfrastructure

        return LiveInfrastructure(settings=settings)
    if profile == "backtest":
        from bootstrap.containers.backtest_infra import BacktestInfrastructure

        return BacktestInfrastructure(settings=settings)
    raise ValueError(f"unknown profile {profile!r}: choose one of {', '.join(PROFILES)}")


def build_container(
    profile: Profile, settings: Settings, *, clock: Clock | None = None
) -> ApplicationContainer:
    """Build the container of `profile` and check that every dependency is provided.
    `clock` replaces the profile's clock (e.g. wall time on the test profile)."""
    infra = infrastructure_over(
        _own_infrastructure(profile, settings), settings=settings, profile=profile
    )
    if clock is not None:
        infra.clock.override(providers.Object(clock))
    container = ApplicationContainer(settings=settings, infra=infra)
    instrument(container, infra, container.metrics())
    container.check_dependencies()
    return container
