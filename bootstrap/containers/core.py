"""The application core: risk, router, OMS, positions, orchestrator over injected ports."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from dependency_injector import containers, providers

from application.algorithms.driver import AlgorithmDriver
from application.execution.cancel_order import CancelOrder
from application.execution.dispatcher import OrderDispatcher
from application.execution.orchestrator import ExecutionOrchestrator
from application.execution.retry import RetryPolicy
from application.execution.submission import VenueSubmission
from application.execution.venue_registry import VenueRegistry
from application.live.run_records import LiveRunRecorder
from application.live.session import LiveSession
from application.oms.event_pump import VenueEventPump
from application.oms.ids import IdGenerator
from application.oms.order_tracking import OrderTracking
from application.oms.queries import OrderQueries
from application.oms.unified_oms import UnifiedOMS
from application.positions.tracker import UnifiedPositionTracker
from application.reconciliation.startup import StartupReconciliation
from application.risk.engine import PreTradeRiskEngine
from application.risk.exposure import ExposureBook
from application.routing.circuit_breaker import BreakerSettings, CircuitBreakers
from application.routing.smart_order_router import SmartOrderRouter
from application.settings.schema import Settings
from application.signals.execute_signal import ExecuteSignal
from bootstrap.live_run import live_run_recorder, outage_journal
from bootstrap.settings.loader import risk_limits


def _retry_policy(settings: Settings) -> RetryPolicy:
    r = settings.resilience
    return RetryPolicy(
        max_attempts=r.retry_attempts,
        base_delay_seconds=r.retry_base_delay_seconds,
        max_delay_seconds=r.retry_max_delay_seconds,
    )


def _breaker_settings(settings: Settings) -> BreakerSettings:
    r = settings.resilience
    return BreakerSettings(
        failure_threshold=r.breaker_failure_threshold, cooldown_seconds=r.breaker_cooldown_seconds
    )


def _lot_size_for(venues: VenueRegistry) -> Callable[[str], Decimal]:
    """Child quantities are cut in the coarsest minimum size of the venues listing the key."""

    def lot(instrument_key: str) -> Decimal:
        sizes = [v.min_size for v in venues.specs() if v.lists(instrument_key) and v.min_size > 0]
        return max(sizes) if sizes else Decimal("0.00000001")

    return lot


def _recorder_if_recording(
    settings: Settings, recorder: Callable[[], LiveRunRecorder]
) -> Callable[[], LiveRunRecorder] | None:
    """The run recorder's provider, built when the session starts; None when not recording."""
    return recorder if settings.live.record_run else None


class CoreContainer(containers.DeclarativeContainer):
    """Pure application services; every port arrives as a dependency."""

    settings = providers.Dependency(instance_of=Settings)
    clock = providers.Dependency()
    uow_factory = providers.Dependency()
    market_data = providers.Dependency()
    balances = providers.Dependency()
    publisher = providers.Dependency()
    venues = providers.Dependency()
    supervisor = providers.Dependency()
    object_store = providers.Dependency()

    exposure = providers.Singleton(ExposureBook)
    breakers = providers.Singleton(
        CircuitBreakers, clock=clock, settings=providers.Callable(_breaker_settings, settings)
    )
    risk = providers.Singleton(
        PreTradeRiskEngine,
        limits=providers.Callable(risk_limits, settings),
        clock=clock,
        exposure=exposure,
        market_data=market_data,
        balances=balances,
        trading_state=settings.provided.risk.trading_state,
    )
    router = providers.Singleton(
        SmartOrderRouter,
        venues=venues.provided.specs,
        market_data=market_data,
        breakers=breakers,
        is_connected=venues.provided.is_connected,
        weights=settings.provided.router,
    )
    positions = providers.Singleton(UnifiedPositionTracker, exposure=exposure, clock=clock)
    oms = providers.Singleton(
        UnifiedOMS,
        uow_factory=uow_factory,
        exposure=exposure,
        positions=positions,
        clock=clock,
        journal=providers.Singleton(outage_journal),
    )
    order_queries = providers.Singleton(OrderQueries, oms=oms)
    ids = providers.Singleton(IdGenerator, start_ns=clock.provided.now_ns.call())
    tracking = providers.Singleton(
        OrderTracking, oms=oms, venues=venues, clock=clock, publisher=publisher
    )
    submission = providers.Singleton(
        VenueSubmission,
        oms=oms,
        tracking=tracking,
        venues=venues,
        breakers=breakers,
        clock=clock,
        publisher=publisher,
        retry=providers.Callable(_retry_policy, settings),
    )
    dispatcher = providers.Singleton(
        OrderDispatcher,
        router=router,
        oms=oms,
        tracking=tracking,
        submission=submission,
        venues=venues,
        breakers=breakers,
        clock=clock,
        ids=ids,
        publisher=publisher,
    )
    algorithms = providers.Singleton(
        AlgorithmDriver,
        oms=oms,
        tracking=tracking,
        dispatcher=dispatcher,
        venues=venues,
        risk=risk,
        clock=clock,
        defaults=settings.provided.algorithms,
        lot_size_for=providers.Callable(_lot_size_for, venues),
    )
    orchestrator = providers.Singleton(
        ExecutionOrchestrator,
        risk=risk,
        router=router,
        oms=oms,
        dispatcher=dispatcher,
        clock=clock,
        ids=ids,
        publisher=publisher,
        algorithms=algorithms,
    )
    cancel_order = providers.Singleton(CancelOrder, oms=oms, tracking=tracking)
    execute_signal = providers.Singleton(
        ExecuteSignal,
        submit=orchestrator,
        cancel=cancel_order,
        queries=order_queries,
        exposure=exposure,
        market_data=market_data,
        lot_of=providers.Callable(_lot_size_for, venues),
    )
    run_recorder = providers.Singleton(
        live_run_recorder, settings, positions=positions, clock=clock, store=object_store
    )
    event_pump = providers.Singleton(
        VenueEventPump,
        venues=venues,
        tracking=tracking,
        clock=clock,
        supervisor=supervisor,
    )
    reconciliation = providers.Singleton(
        StartupReconciliation,
        uow_factory=uow_factory,
        oms=oms,
        tracking=tracking,
        positions=positions,
        venues=venues,
        clock=clock,
        publisher=publisher,
    )
    live_session = providers.Singleton(
        LiveSession,
        reconciliation=reconciliation,
        pump=event_pump,
        subscribe=publisher.provided.subscribe,
        recorder=providers.Callable(_recorder_if_recording, settings, run_recorder.provider),
    )
