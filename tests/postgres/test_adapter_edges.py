"""The edges of the PostgreSQL adapter: configuration, health probe, exact round trips."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.postgres.config import DatabaseUrlMissing, PostgresConfig, postgres_config
from adapters.postgres.health import PostgresHealthProbe
from adapters.postgres.store import PostgresStore
from adapters.postgres.unit_of_work import PostgresUnitOfWorkFactory
from application.settings.schema import DatabaseSettings
from domain.enums import OrderSide, VenueKind
from domain.unified_position import UnifiedPosition
from tests.plugins.postgres_server import PG_MAJOR, free_port

SECRET_URL = "postgresql+psycopg://trader:hunter2@db.internal:5432/odum"


def test_the_url_comes_from_the_named_variable_and_never_shows() -> None:
    config = postgres_config(
        DatabaseSettings(url_env="MY_DB", pool_max_size=7), {"MY_DB": SECRET_URL}
    )
    assert config.pool_max_size == 7
    assert config.conninfo == "postgresql://trader:hunter2@db.internal:5432/odum"
    assert config.sqlalchemy_url == SECRET_URL
    assert "hunter2" not in repr(config)
    assert config.redact(f"failed: {config.conninfo}") == "failed: <database-url>"


def test_a_missing_url_names_the_variable_to_set() -> None:
    with pytest.raises(DatabaseUrlMissing, match="MY_DB"):
        postgres_config(DatabaseSettings(url_env="MY_DB"), {})


@pytest.mark.postgres
async def test_the_health_probe_reports_the_server_version(postgres_url: str) -> None:
    store = PostgresStore(PostgresConfig(url=postgres_url))
    try:
        report = await PostgresHealthProbe(store).check()
    finally:
        await store.close()
    assert report.healthy
    assert report.details["server_version"].startswith(f"{PG_MAJOR}.")
    assert report.details["backend"] == "postgresql"


async def test_the_health_probe_is_unhealthy_without_a_server_and_keeps_the_secret() -> None:
    url = f"postgresql://trader:hunter2@127.0.0.1:{free_port()}/odum"
    store = PostgresStore(PostgresConfig(url=url, acquire_timeout_seconds=0.3))
    try:
        report = await PostgresHealthProbe(store, timeout_seconds=2).check()
    finally:
        await store.close()
    assert not report.healthy
    assert report.error is not None
    assert "PostgreSQL is unreachable" in report.error
    assert "hunter2" not in report.error


@pytest.mark.postgres
async def test_a_position_round_trips_exactly(postgres_url: str) -> None:
    position = UnifiedPosition(instrument_key="DERIBIT:PERPETUAL:BTC-USD@INV", base_asset="BTC")
    inverse = position.at("DERIBIT", VenueKind.EXTERNAL_SDK, inverse=True)
    inverse.apply(OrderSide.BUY, Decimal(300), Decimal("30000.5"), Decimal("0.0000001"))
    inverse.apply(OrderSide.BUY, Decimal(700), Decimal("29999.25"))
    inverse.apply(OrderSide.SELL, Decimal(250), Decimal(31000))
    linear = position.at("BYBIT", VenueKind.SIMULATED)
    linear.apply(OrderSide.SELL, Decimal("0.123456789"), Decimal("3000.1"))
    position.current_price = Decimal("30500.75")
    store = PostgresStore(PostgresConfig(url=postgres_url))
    factory = PostgresUnitOfWorkFactory(store)
    try:
        async with factory() as uow:
            await uow.positions.save(position)
            await uow.commit()
        async with factory() as uow:
            stored = await uow.positions.get(position.instrument_key)
    finally:
        await store.close()
    assert stored is not None
    for venue, original in position.venues.items():
        back = stored.venues[venue]
        assert (back.quantity, back.avg_entry_price) == (
            original.quantity,
            original.avg_entry_price,
        )
        assert (back.realized_pnl, back.fees) == (original.realized_pnl, original.fees)
        assert (back.inverse, back.last_price) == (original.inverse, original.last_price)
    assert stored.venue_types == position.venue_types
    assert stored.unrealized_pnl() == position.unrealized_pnl()
