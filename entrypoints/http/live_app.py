"""`create_live_app(container)`: the live API (odum-live-backend, port 8001)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.di import Provide
from litestar.openapi.config import OpenAPIConfig

from adapters.auth.audit import AuditTrail
from adapters.auth.keys import KeyRing
from bootstrap.build import ApplicationContainer
from entrypoints.http.edge import Edge
from entrypoints.http.errors import EXCEPTION_HANDLERS
from entrypoints.http.events_routes import EventHub, events_routes, venue_snapshot
from entrypoints.http.health import health_router
from entrypoints.http.metrics_routes import ORDER_ROUTE
from entrypoints.http.order_direct import DirectOrderSubmit
from entrypoints.http.order_routes import OrderController, PositionController
from entrypoints.http.read_routes_live import live_read_routes
from entrypoints.http.reconciliation_routes import ReconciliationController
from entrypoints.http.responses import SECURITY_SCHEMES, document_errors
from entrypoints.http.risk_routes import RiskController
from entrypoints.http.signal_routes import SignalController
from entrypoints.http.status_page import status_page
from entrypoints.http.ui_routes import ui_router
from entrypoints.http.venue_routes import VenueController

SERVICE_NAME = "odum-live-backend"
log = logging.getLogger(__name__)


def _database_trails(container: ApplicationContainer) -> tuple[AuditTrail, ...]:
    """With PostgreSQL, audit entries also go to `api_audit`."""
    from adapters.postgres.audit import PostgresAuditTrail
    from adapters.postgres.store import PostgresStore

    providers = getattr(container.infra, "providers", {})
    database = container.infra.database() if "database" in providers else None
    return (PostgresAuditTrail(database),) if isinstance(database, PostgresStore) else ()


def create_live_app(container: ApplicationContainer, *, keys: KeyRing | None = None) -> Litestar:
    """`keys` replaces the key ring read from the environment (`api.keys_env`)."""
    core = container.core
    pump = core.event_pump()
    reconciliation = core.reconciliation()
    settings = container.settings()
    hub = EventHub(core.positions())
    container.infra.publisher().subscribe(hub.observe)
    edge = Edge(settings.api, keys=keys, trails=_database_trails(container), service=SERVICE_NAME)

    session = core.live_session()

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        await session.start()
        try:
            yield
        finally:
            await session.stop()

    def constant(value: object) -> Provide:
        return Provide(lambda: value, use_cache=True, sync_to_thread=False)

    direct = {ORDER_ROUTE: DirectOrderSubmit(core.orchestrator())}
    edge_kwargs = edge.litestar_kwargs(container.metrics(), direct)
    app = Litestar(
        route_handlers=[
            OrderController,
            PositionController,
            RiskController,
            SignalController,
            VenueController,
            ReconciliationController,
            health_router(SERVICE_NAME, container.infra.health_probes()),
            status_page,
            live_read_routes(),
            events_routes(hub, venue_snapshot(container.infra.venues(), core.breakers())),
            ui_router("live"),
        ],
        dependencies={
            "orchestrator": constant(core.orchestrator()),
            "cancel_order": constant(core.cancel_order()),
            "order_queries": constant(core.order_queries()),
            "positions": constant(core.positions()),
            "risk": constant(core.risk()),
            "settings": constant(container.settings()),
            "execute_signal": constant(core.execute_signal()),
            "venues": constant(container.infra.venues()),
            "breakers": constant(core.breakers()),
            "pump": constant(pump),
            "reconciliation": constant(reconciliation),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[edge.lifespan(), lifespan],
        openapi_config=OpenAPIConfig(
            title=SERVICE_NAME, version="0.1.0", path="/schema", components=SECURITY_SCHEMES
        ),
        debug=False,
        **edge_kwargs,
    )
    return document_errors(app)
