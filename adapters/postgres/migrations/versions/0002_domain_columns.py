"""Add the columns the domain needs beyond CONTRACTS §3 (nullable or defaulted: additive).

Revision ID: 0002_domain_columns
Revises: 0001_unified_tables
Create Date: 2024-11-24

Orders: the venue's own listing, the external flag and the applied trade ids (so a replayed
fill is recognised after a restart). Fills: instrument, side and liquidity. Positions: exact
per-venue entry price, realized PnL and fees, so a position round-trips.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0002_domain_columns"
down_revision: str | None = "0001_unified_tables"
branch_labels: str | None = None
depends_on: str | None = None


def _added() -> dict[str, list[sa.Column]]:
    """Fresh Column objects each time (a Column can belong to one table only)."""
    return {
        "unified_orders": [
            sa.Column("venue_instrument_key", sa.Text),
            sa.Column("external", sa.Boolean, nullable=False, server_default=sa.text("false")),
            sa.Column(
                "seen_trade_ids", JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")
            ),
        ],
        "unified_fills": [
            sa.Column("instrument_key", sa.Text),
            sa.Column("side", sa.Text),
            sa.Column("liquidity", sa.Text),
        ],
        "unified_positions": [
            sa.Column(
                "venue_details", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")
            ),
        ],
    }


def upgrade() -> None:
    for table, columns in _added().items():
        for column in columns:
            op.add_column(table, column)


def downgrade() -> None:
    for table, columns in _added().items():
        for column in reversed(columns):
            op.drop_column(table, column.name)
