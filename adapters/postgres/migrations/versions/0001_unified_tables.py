"""Create unified_orders, unified_fills and unified_positions as CONTRACTS §3 describes.

Revision ID: 0001_unified_tables
Revises:
Create Date: 2024-11-24

Additive only: the previous release's code must keep working against this schema.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, TIMESTAMP

revision: str = "0001_unified_tables"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

AMOUNT = sa.Numeric(36, 18)
TS = TIMESTAMP(timezone=True)
OPEN = "status NOT IN ('FILLED', 'CANCELED', 'REJECTED', 'EXPIRED')"


def upgrade() -> None:
    op.create_table(
        "unified_orders",
        sa.Column("operation_id", sa.Text, primary_key=True),
        sa.Column("canonical_id", sa.Text, nullable=False),
        sa.Column("venue", sa.Text),
        sa.Column("venue_type", sa.Text),
        sa.Column("venue_order_id", sa.Text),
        sa.Column("client_order_id", sa.Text, nullable=False, unique=True),
        sa.Column("parent_operation_id", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("side", sa.Text, nullable=False),
        sa.Column("order_type", sa.Text, nullable=False),
        sa.Column("time_in_force", sa.Text, nullable=False),
        sa.Column("quantity", AMOUNT, nullable=False),
        sa.Column("filled_quantity", AMOUNT, nullable=False, server_default="0"),
        sa.Column("price", AMOUNT),
        sa.Column("avg_fill_price", AMOUNT),
        sa.Column("exec_algorithm", sa.Text, nullable=False, server_default="NORMAL"),
        sa.Column(
            "exec_algorithm_params", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")
        ),
        sa.Column("strategy_id", sa.Text, nullable=False),
        sa.Column("rejection_reason", sa.Text),
        sa.Column("error_message", sa.Text),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_unified_orders_parent", "unified_orders", ["parent_operation_id"])
    op.create_index("ix_unified_orders_strategy", "unified_orders", ["strategy_id"])
    op.create_index(
        "ix_unified_orders_open", "unified_orders", ["status"], postgresql_where=sa.text(OPEN)
    )
    op.create_table(
        "unified_fills",
        sa.Column("fill_id", sa.Text, primary_key=True),
        sa.Column(
            "operation_id",
            sa.Text,
            sa.ForeignKey("unified_orders.operation_id", name="fk_unified_fills_order"),
            nullable=False,
        ),
        sa.Column("venue", sa.Text, nullable=False),
        sa.Column("venue_trade_id", sa.Text, nullable=False),
        sa.Column("quantity", AMOUNT, nullable=False),
        sa.Column("price", AMOUNT, nullable=False),
        sa.Column("fee", AMOUNT, nullable=False, server_default="0"),
        sa.Column("fee_currency", sa.Text, nullable=False),
        sa.Column("ts_event", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("venue", "venue_trade_id", name="uq_unified_fills_venue_trade"),
    )
    op.create_index("ix_unified_fills_operation", "unified_fills", ["operation_id"])
    op.create_table(
        "unified_positions",
        sa.Column("canonical_id", sa.Text, primary_key=True),
        sa.Column("base_asset", sa.Text, nullable=False),
        sa.Column("aggregated_quantity", AMOUNT, nullable=False),
        sa.Column("venue_positions", JSONB, nullable=False),
        sa.Column("venue_types", JSONB, nullable=False),
        sa.Column("average_entry_price", AMOUNT, nullable=False),
        sa.Column("current_price", AMOUNT),
        sa.Column("unrealized_pnl", AMOUNT, nullable=False),
        sa.Column("realized_pnl", AMOUNT, nullable=False),
        sa.Column("updated_at", TS),
    )


def downgrade() -> None:
    op.drop_table("unified_positions")
    op.drop_table("unified_fills")
    op.drop_table("unified_orders")
