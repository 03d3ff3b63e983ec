"""Add the `api_audit` table: every mutating API call, who made it and how it ended.

Revision ID: 0004_api_audit
Revises: 0002_domain_columns
Create Date: 2026-12-07

Additive: a new table, nothing existing changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TIMESTAMP

revision: str = "0004_api_audit"
down_revision: str | None = "0002_domain_columns"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "api_audit",
        sa.Column("audit_id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("at", TIMESTAMP(timezone=True), nullable=False),
        sa.Column("key_id", sa.Text),
        sa.Column("role", sa.Text),
        sa.Column("method", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("detail", sa.Text),
    )
    op.create_index("ix_api_audit_at", "api_audit", ["at"])
    op.create_index("ix_api_audit_key_id", "api_audit", ["key_id", "at"])


def downgrade() -> None:
    op.drop_table("api_audit")
