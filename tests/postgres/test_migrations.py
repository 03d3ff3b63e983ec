"""Alembic migrations: from empty, one step down and up, and the previous release's queries
still running against the newest schema (every revision is additive)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, pool

from adapters.postgres.audit import metadata as audit_metadata
from adapters.postgres.config import PostgresConfig
from adapters.postgres.migrate import current_revision, downgrade, upgrade
from adapters.postgres.store import PostgresStore
from adapters.postgres.tables import metadata
from adapters.postgres.unit_of_work import PostgresUnitOfWorkFactory
from domain.enums import OrderStatus
from tests.plugins.postgres_server import PostgresCluster

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
FIRST, HEAD = "0001_unified_tables", "0004_api_audit"
PREVIOUS = "0002_domain_columns"  # the revision before HEAD
TABLES = {"unified_orders", "unified_fills", "unified_positions", "api_audit"}

# What the release before 0002 wrote and read: CONTRACTS §3 columns only.
PREVIOUS_RELEASE_WRITES = [
    """INSERT INTO unified_orders (operation_id, canonical_id, client_order_id, status, side,
       order_type, time_in_force, quantity, strategy_id, created_at)
       VALUES ('old-1', 'BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN', 'c-old-1', 'FILLED', 'BUY',
       'MARKET', 'GTC', 2, 'alpha', %(now)s)""",
    """INSERT INTO unified_fills (fill_id, operation_id, venue, venue_trade_id, quantity, price,
       fee, fee_currency, ts_event)
       VALUES ('f-old-1', 'old-1', 'BINANCE-FUTURES', 't-old-1', 2, 30000, 0.5, 'USDT', 1)""",
    """INSERT INTO unified_positions (canonical_id, base_asset, aggregated_quantity,
       venue_positions, venue_types, average_entry_price, unrealized_pnl, realized_pnl)
       VALUES ('BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN', 'BTC', 2,
       '{"BINANCE-FUTURES": "2"}', '{"BINANCE-FUTURES": "SIMULATED"}', 30000, 0, 0)""",
    "UPDATE unified_orders SET filled_quantity = 2, version = version + 1 "
    "WHERE operation_id = 'old-1' AND version = 0",
]
PREVIOUS_RELEASE_READS = [
    "SELECT operation_id, status, filled_quantity, version FROM unified_orders",
    "SELECT fill_id, venue, venue_trade_id, quantity FROM unified_fills",
    "SELECT canonical_id, venue_positions, aggregated_quantity FROM unified_positions",
]


def _tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {name for (name,) in rows} - {"alembic_version"}


def _columns(url: str, table: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,)
        )
        return {name for (name,) in rows}


def _schema_drift(url: str) -> list[object]:
    engine = create_engine(PostgresConfig(url=url).sqlalchemy_url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            return list(compare_metadata(context, [metadata, audit_metadata]))
    finally:
        engine.dispose()


def test_upgrade_from_empty_builds_exactly_the_declared_tables(
    postgres_cluster: PostgresCluster,
) -> None:
    url = postgres_cluster.create_database("empty", migrated=False)
    assert _tables(url) == set()
    upgrade(url)
    assert current_revision(url) == HEAD
    assert _tables(url) == TABLES
    assert _schema_drift(url) == []


def test_downgrade_one_step_and_up_again(postgres_cluster: PostgresCluster) -> None:
    url = postgres_cluster.create_database("steps")
    downgrade(url, FIRST)
    assert current_revision(url) == FIRST
    assert "seen_trade_ids" not in _columns(url, "unified_orders")
    assert "venue_details" not in _columns(url, "unified_positions")
    upgrade(url)
    assert current_revision(url) == HEAD
    assert _schema_drift(url) == []


async def test_the_previous_release_keeps_working_on_the_newest_schema(
    postgres_cluster: PostgresCluster,
) -> None:
    url = postgres_cluster.create_database("rolling", migrated=False)
    upgrade(url, FIRST)
    with psycopg.connect(url) as conn:  # rows the previous release wrote
        conn.execute(PREVIOUS_RELEASE_WRITES[0], {"now": datetime.now(UTC)})
    upgrade(url)
    with psycopg.connect(url) as conn:  # and it keeps writing and reading after the upgrade
        for statement in PREVIOUS_RELEASE_WRITES[1:]:
            assert conn.execute(statement).rowcount == 1
        for statement in PREVIOUS_RELEASE_READS:
            assert conn.execute(statement).fetchall()
    store = PostgresStore(PostgresConfig(url=url))
    uow_factory = PostgresUnitOfWorkFactory(store)
    try:  # the new release reads what the old one wrote
        async with uow_factory() as uow:
            order = await uow.orders.get("old-1")  # type: ignore[arg-type]
            fills = await uow.fills.for_order("old-1")  # type: ignore[arg-type]
            restored = await uow.fills.strategy_fills()
            totals = await uow.fills.strategy_totals()
            position = await uow.positions.get("BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN")
    finally:
        await store.close()
    assert order is not None
    assert (order.status, order.filled_quantity, order.version) == (OrderStatus.FILLED, 2, 1)
    assert order.external is False
    assert order.seen_trade_ids == set()
    assert [(f.side.value, f.instrument_key) for f in fills] == [("BUY", order.instrument_key)]
    assert [(s.strategy_id, s.fill) for s in restored] == [("alpha", fills[0])]
    assert [(t.strategy_id, t.instrument_key, t.quantity) for t in totals] == [
        ("alpha", order.instrument_key, fills[0].quantity)  # side and key from the order
    ]
    assert position is not None
    assert position.aggregated_quantity == 2
    assert position.venues["BINANCE-FUTURES"].avg_entry_price == 30000


def test_the_migration_commands_run_from_any_directory(
    postgres_cluster: PostgresCluster, tmp_path: Path
) -> None:
    url = postgres_cluster.create_database("cli", migrated=False)
    command = [sys.executable, "-m", "adapters.postgres.migrate", "upgrade"]
    env = {**os.environ, "ODUM_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == HEAD
    assert url not in done.stdout + done.stderr
    odum = [sys.executable, "-m", "entrypoints.cli.main", "db", "downgrade"]
    stepped = subprocess.run(odum, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert (stepped.returncode, stepped.stdout.strip()) == (0, PREVIOUS), stepped.stderr
    missing = subprocess.run(
        command, cwd=tmp_path, env={**env, "ODUM_DATABASE_URL": ""}, capture_output=True, text=True
    )
    assert missing.returncode == 2
    assert "ODUM_DATABASE_URL" in missing.stderr
