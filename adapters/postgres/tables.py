"""SQLAlchemy Core tables of CONTRACTS §3, plus the columns the domain needs (revision 0002)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, TIMESTAMP

metadata = MetaData()

# An order is open unless terminal; the same text is the partial index's predicate, so
# queries written with it can use the index.
OPEN_ORDER = "status NOT IN ('FILLED', 'CANCELED', 'REJECTED', 'EXPIRED')"


def Amount() -> Numeric:  # noqa: N802 - reads like a column type
    """Quantities, prices and money: NUMERIC(36,18), as Decimal in Python."""
    return Numeric(36, 18, asdecimal=True)


Timestamp = TIMESTAMP(timezone=True)

unified_orders = Table(
    "unified_orders",
    metadata,
    Column("operation_id", Text, primary_key=True),
    Column("canonical_id", Text, nullable=False),
    Column("venue", Text),
    Column("venue_type", Text),
    Column("venue_order_id", Text),
    Column("client_order_id", Text, nullable=False, unique=True),
    Column("parent_operation_id", Text),
    Column("status", Text, nullable=False),
    Column("side", Text, nullable=False),
    Column("order_type", Text, nullable=False),
    Column("time_in_force", Text, nullable=False),
    Column("quantity", Amount(), nullable=False),
    Column("filled_quantity", Amount(), nullable=False, server_default="0"),
    Column("price", Amount()),
    Column("avg_fill_price", Amount()),
    Column("exec_algorithm", Text, nullable=False, server_default="NORMAL"),
    Column("exec_algorithm_params", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("strategy_id", Text, nullable=False),
    Column("rejection_reason", Text),
    Column("error_message", Text),
    Column("created_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp),
    Column("version", Integer, nullable=False, server_default="0"),
    # revision 0002 (additive): what the Order aggregate holds beyond CONTRACTS §3
    Column("venue_instrument_key", Text),
    Column("external", Boolean, nullable=False, server_default=text("false")),
    Column("seen_trade_ids", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Index("ix_unified_orders_parent", "parent_operation_id"),
    Index("ix_unified_orders_strategy", "strategy_id"),
    Index(
        "ix_unified_orders_open",
        "status",
        postgresql_where=text(OPEN_ORDER),
    ),
)

unified_fills = Table(
    "unified_fills",
    metadata,
    Column("fill_id", Text, primary_key=True),
    Column(
        "operation_id",
        Text,
        ForeignKey("unified_orders.operation_id", name="fk_unified_fills_order"),
        nullable=False,
    ),
    Column("venue", Text, nullable=False),
    Column("venue_trade_id", Text, nullable=False),
    Column("quantity", Amount(), nullable=False),
    Column("price", Amount(), nullable=False),
    Column("fee", Amount(), nullable=False, server_default="0"),
    Column("fee_currency", Text, nullable=False),
    Column("ts_event", BigInteger, nullable=False),
    # revision 0002 (additive): the fill's own key, side and liquidity (older rows: NULL)
    Column("instrument_key", Text),
    Column("side", Text),
    Column("liquidity", Text),
    UniqueConstraint("venue", "venue_trade_id", name="uq_unified_fills_venue_trade"),
    Index("ix_unified_fills_operation", "operation_id"),
)

unified_positions = Table(
    "unified_positions",
    metadata,
    Column("canonical_id", Text, primary_key=True),
    Column("base_asset", Text, nullable=False),
    Column("aggregated_quantity", Amount(), nullable=False),
    Column("venue_positions", JSONB, nullable=False),
    Column("venue_types", JSONB, nullable=False),
    Column("average_entry_price", Amount(), nullable=False),
    Column("current_price", Amount()),
    Column("unrealized_pnl", Amount(), nullable=False),
    Column("realized_pnl", Amount(), nullable=False),
    Column("updated_at", Timestamp),
    # revision 0002 (additive): per-venue entry, realized PnL and fees, exact, as strings
    Column("venue_details", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
)
