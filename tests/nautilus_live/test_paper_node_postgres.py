"""On the live profile, a sandbox fill posted to the API is stored in PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import psycopg
import pytest

from tests.nautilus_live.conftest import StartService
from tests.nautilus_live.paper import PERP, VENUE, replay


@pytest.fixture
def database_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """A migrated, emptied database of the PostgreSQL test plugin, named by the live
    profile's `ODUM_DATABASE_URL`."""
    try:
        url = request.getfixturevalue("postgres_url")
    except pytest.FixtureLookupError:
        pytest.skip("the PostgreSQL test plugin (tests.plugins.postgres_server) is not loaded")
    monkeypatch.setenv("ODUM_DATABASE_URL", url)
    return url


@pytest.mark.postgres
async def test_a_sandbox_fill_is_stored_in_postgresql(
    paper_service: StartService, database_url: str
) -> None:
    service = await paper_service(profile="live", replay=replay(trades=False))
    book = await service.replay(20)

    body = await service.post(operation_id="pg-1", quantity="0.010")

    assert body["status"] == "FILLED", body
    with psycopg.connect(database_url) as conn:
        orders = conn.execute(
            "SELECT status, venue, venue_type, filled_quantity FROM unified_orders"
        ).fetchall()
        fills = conn.execute("SELECT venue, quantity, price FROM unified_fills").fetchall()
        positions = conn.execute(
            "SELECT canonical_id, aggregated_quantity, venue_positions FROM unified_positions"
        ).fetchall()
    assert orders == [("FILLED", VENUE, "NAUTILUS", Decimal("0.01"))]
    assert fills == [(VENUE, Decimal("0.01"), book.best_ask)]
    [(instrument, quantity, per_venue)] = positions
    assert (instrument, quantity) == (PERP, Decimal("0.01"))
    assert Decimal(per_venue[VENUE]) == Decimal("0.01")
