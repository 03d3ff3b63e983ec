"""The four run tables of CONTRACTS §2 as pyarrow tables and parquet bytes (floats only here)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from domain.run_records import EquitySample, FillRecord, OrderRecord, PositionSnapshot

TIMESTAMP = pa.timestamp("ns", tz="UTC")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

ORDERS_SCHEMA = pa.schema(
    [
        ("order_id", pa.string()),
        ("operation_id", pa.string()),
        ("instrument_key", pa.string()),
        ("side", pa.string()),
        ("order_type", pa.string()),
        ("quantity", pa.float64()),
        ("price", pa.float64()),
        ("status", pa.string()),
        ("created_at", TIMESTAMP),
        ("updated_at", TIMESTAMP),
        ("rejection_reason", pa.string()),
    ]
)
FILLS_SCHEMA = pa.schema(
    [
        ("fill_id", pa.string()),
        ("order_id", pa.string()),
        ("instrument_key", pa.string()),
        ("side", pa.string()),
        ("quantity", pa.float64()),
        ("price", pa.float64()),
        ("fee", pa.float64()),
        ("fee_currency", pa.string()),
        ("ts_event", pa.int64()),
        ("venue", pa.string()),
    ]
)
POSITIONS_SCHEMA = pa.schema(
    [
        ("ts_event", pa.int64()),
        ("instrument_key", pa.string()),
        ("quantity", pa.float64()),
        ("avg_entry_price", pa.float64()),
        ("current_price", pa.float64()),
        ("unrealized_pnl", pa.float64()),
        ("realized_pnl", pa.float64()),
    ]
)
EQUITY_CURVE_SCHEMA = pa.schema(
    [
        ("ts_event", pa.int64()),
        ("portfolio_value", pa.float64()),
        ("cash_balance", pa.float64()),
        ("margin_used", pa.float64()),
        ("unrealized_pnl", pa.float64()),
        ("drawdown_pct", pa.float64()),
    ]
)


def epoch_ns(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError(f"{moment!r} has no timezone; run records hold UTC datetimes")
    return (moment - _EPOCH) // timedelta(microseconds=1) * 1_000


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _order_row(o: OrderRecord) -> dict[str, Any]:
    return {
        "order_id": o.order_id,
        "operation_id": o.operation_id,
        "instrument_key": o.instrument_key,
        "side": str(o.side),
        "order_type": str(o.order_type),
        "quantity": float(o.quantity),
        "price": _float(o.price) if str(o.order_type) != "MARKET" else None,
        "status": str(o.status),
        "created_at": epoch_ns(o.created_at),
        "updated_at": epoch_ns(o.updated_at),
        "rejection_reason": o.rejection_reason if str(o.status) == "REJECTED" else None,
    }


def _fill_row(f: FillRecord) -> dict[str, Any]:
    return {
        "fill_id": f.fill_id,
        "order_id": f.order_id,
        "instrument_key": f.instrument_key,
        "side": str(f.side),
        "quantity": float(f.quantity),
        "price": float(f.price),
        "fee": float(f.fee),
        "fee_currency": f.fee_currency,
        "ts_event": f.ts_event,
        "venue": f.venue,
    }


def _position_row(p: PositionSnapshot) -> dict[str, Any]:
    return {
        "ts_event": p.ts_event,
        "instrument_key": p.instrument_key,
        "quantity": float(p.quantity),
        "avg_entry_price": float(p.avg_entry_price),
        "current_price": float(p.current_price),
        "unrealized_pnl": float(p.unrealized_pnl),
        "realized_pnl": float(p.realized_pnl),
    }


def _equity_row(e: EquitySample) -> dict[str, Any]:
    return {
        "ts_event": e.ts_event,
        "portfolio_value": float(e.portfolio_value),
        "cash_balance": float(e.cash_balance),
        "margin_used": float(e.margin_used),
        "unrealized_pnl": float(e.unrealized_pnl),
        "drawdown_pct": float(e.drawdown_pct),
    }


def _table(
    rows: Sequence[Any], row: Callable[[Any], dict[str, Any]], schema: pa.Schema
) -> pa.Table:
    dicts = [row(r) for r in rows]
    columns = {}
    for field in schema:
        values = [d[field.name] for d in dicts]
        # Timestamps arrive as ns integers: build int64, then reinterpret as timestamp[ns, UTC].
        source_type = pa.int64() if pa.types.is_timestamp(field.type) else field.type
        columns[field.name] = pa.array(values, type=source_type).cast(field.type)
    return pa.table(columns, schema=schema)


def orders_table(rows: Sequence[OrderRecord]) -> pa.Table:
    return _table(rows, _order_row, ORDERS_SCHEMA)


def fills_table(rows: Sequence[FillRecord]) -> pa.Table:
    return _table(rows, _fill_row, FILLS_SCHEMA)


def positions_table(rows: Sequence[PositionSnapshot]) -> pa.Table:
    return _table(rows, _position_row, POSITIONS_SCHEMA)


def equity_curve_table(rows: Sequence[EquitySample]) -> pa.Table:
    return _table(rows, _equity_row, EQUITY_CURVE_SCHEMA)


def parquet_bytes(table: pa.Table) -> bytes:
    """One file, zstd, statistics on: the same table always gives the same bytes."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", write_statistics=True)
    return sink.getvalue().to_pybytes()


class ParquetTableEncoder:
    """The TableEncoder of the results: pyarrow tables with the exact schemas, as parquet."""

    def orders(self, rows: Sequence[OrderRecord]) -> bytes:
        return parquet_bytes(orders_table(rows))

    def fills(self, rows: Sequence[FillRecord]) -> bytes:
        return parquet_bytes(fills_table(rows))

    def positions(self, rows: Sequence[PositionSnapshot]) -> bytes:
        return parquet_bytes(positions_table(rows))

    def equity_curve(self, rows: Sequence[EquitySample]) -> bytes:
        return parquet_bytes(equity_curve_table(rows))
