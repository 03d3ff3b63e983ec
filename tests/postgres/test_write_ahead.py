"""Write-ahead and fail-closed: an order is durable (PENDING) before its venue hears of it,
and without the database no order reaches any venue."""

from __future__ import annotations

import psycopg
import pytest
from litestar.testing import TestClient

from adapters.postgres.store import PostgresStore
from domain.enums import OrderStatus
from domain.errors import PersistenceUnavailable
from domain.order import Order
from domain.venue_state import SubmitAck
from entrypoints.http.live_app import create_live_app
from tests.api.keys import TEST_KEYS, key_headers
from tests.plugins.postgres_server import PG_MAJOR, PostgresCluster, free_port
from tests.postgres.live_container import BTC, buy, live_container, simulated

pytestmark = pytest.mark.postgres


async def test_the_order_is_stored_pending_before_the_venue_call(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    container = live_container(postgres_url, monkeypatch)
    venue = simulated(container)
    await venue.connect()
    stored_at_submit: list[tuple[str, str] | None] = []
    submit = venue.submit

    async def looking_first(order: Order) -> SubmitAck:
        with psycopg.connect(postgres_url) as conn:  # what another process would see now
            stored_at_submit.append(
                conn.execute(
                    "SELECT status, operation_id FROM unified_orders WHERE client_order_id = %s",
                    (order.client_order_id,),
                ).fetchone()
            )
        return await submit(order)

    venue.submit = looking_first  # type: ignore[method-assign]
    try:
        result = await container.core.orchestrator().execute(buy("wa-1"))
    finally:
        await container.infra.database().close()
    assert result.status is OrderStatus.FILLED
    assert stored_at_submit == [("PENDING", "wa-1")]


async def test_an_unreachable_database_refuses_the_order_and_calls_no_venue(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = f"postgresql://odum:s3cret-password@127.0.0.1:{free_port()}/odum"
    container = live_container(url, monkeypatch, acquire_timeout_seconds=0.5)
    await simulated(container).connect()
    orchestrator = container.core.orchestrator()
    try:
        with pytest.raises(PersistenceUnavailable) as refused:
            await orchestrator.execute(buy("down-1"))
    finally:
        await container.infra.database().close()
    message = str(refused.value)
    assert "PostgreSQL is unreachable" in message
    assert "nothing was written" in message
    assert "s3cret-password" not in message
    assert simulated(container).submitted == []


def test_the_api_fails_closed_while_the_database_is_down_and_recovers(
    own_postgres_cluster: PostgresCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = own_postgres_cluster.create_database()
    container = live_container(url, monkeypatch, acquire_timeout_seconds=0.5)
    venue = simulated(container)
    order = {"operation_id": "api-1", "instrument_key": BTC, "side": "BUY", "quantity": "1"}
    with TestClient(create_live_app(container, keys=TEST_KEYS)) as client:
        client.headers.update(key_headers())
        assert (
            client.get("/api/health/database").json()["server_version"].startswith(f"{PG_MAJOR}.")
        )
        assert client.post("/api/orders", json=order).json()["status"] == "FILLED"
        own_postgres_cluster.stop()
        refused = client.post("/api/orders", json={**order, "operation_id": "api-2"})
        health = client.get("/api/health/database")
        own_postgres_cluster.start()
        after = client.post("/api/orders", json={**order, "operation_id": "api-3"})
        report = client.get("/api/reconciliation/last")
    assert refused.status_code == 503
    assert refused.json()["detail"].startswith(
        "order store unavailable, nothing was sent to any venue: PostgreSQL is unreachable"
    )
    assert health.status_code == 503
    assert health.json()["status"] == "unhealthy"
    assert after.json()["status"] == "FILLED"
    assert len(venue.submitted) == 2  # api-1 and api-3: api-2 never left
    assert report.status_code == 200
    assert report.json()["counts"]["open_orders_checked"] == 0


async def test_the_pool_is_opened_lazily_not_when_the_container_is_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = f"postgresql://odum@127.0.0.1:{free_port()}/odum"
    container = live_container(url, monkeypatch)
    store = container.infra.database()
    assert isinstance(store, PostgresStore)
    assert store._pool is None  # built, nothing connected yet
