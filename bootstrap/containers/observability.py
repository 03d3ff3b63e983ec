"""Observers wired by decoration: metered order path, event counters, Redis streams, gauges."""

from __future__ import annotations

from typing import Any

from dependency_injector import providers

from adapters.observability.event_metrics import EventMetrics
from adapters.observability.metered_order_path import MeteredRiskEngine, MeteredRouter
from adapters.observability.metered_venue import metered_registry
from adapters.observability.venue_gauges import VenueGauges
from adapters.prometheus.metrics import PrometheusMetrics
from bootstrap.containers.redis_infra import redis_event_stream


def observed_publisher(publisher: Any, *subscribers: Any) -> Any:
    """The infrastructure's publisher with `subscribers` (metrics, Redis streams) attached."""
    for subscriber in subscribers:
        if subscriber is not None:
            publisher.subscribe(subscriber)
    return publisher


def instrument(container: Any, infra: Any, metrics: PrometheusMetrics) -> None:
    """Wire `metrics` into `container` (an ApplicationContainer over `infra`, nothing built).
    Providers are taken through `container.infra`, so that overriding one there after the
    build (tests swap venues or the clock) still reaches the core; `infra` only says which
    providers this profile has."""
    core, placeholders = container.core, container.infra
    metric = providers.Object(metrics)
    # The submit handler's risk engine and the router it and the dispatcher route with are
    # metered; the API keeps the engine itself (its handlers declare `PreTradeRiskEngine`,
    # and Litestar checks the type).
    router = providers.Singleton(MeteredRouter, core.router, metric)
    core.orchestrator.add_kwargs(
        risk=providers.Singleton(MeteredRiskEngine, core.risk, metric), router=router
    )
    core.dispatcher.add_kwargs(router=router)
    core.venues.override(providers.Singleton(metered_registry, placeholders.venues, metric))
    stream: Any = providers.Object(None)
    own = infra.profile.last_overriding()
    if "redis" in own.providers:
        stream = providers.Singleton(
            redis_event_stream, own.redis, position_of=core.positions.provided.position
        )
    core.publisher.override(
        providers.Singleton(
            observed_publisher,
            placeholders.publisher,
            providers.Singleton(EventMetrics, metric),
            stream,
        )
    )
    if "run_backtest" not in own.providers:  # the backtest app meters its use case itself
        gauges = VenueGauges(metrics, venues=core.venues, breakers=core.breakers, risk=core.risk)
        metrics.on_scrape(gauges)
