"""A live trading run's records (LIVE- run id): kept from order events, written periodically."""

from __future__ import annotations

import asyncio
import logging
from decimal import Decimal
from typing import Any

from application.oms.order_tracking import UNSETTLED_TOPIC
from application.positions.tracker import UnifiedPositionTracker
from application.runs.writer import RunWriter
from domain.fill import Fill
from domain.order import Order
from domain.run_records import EquitySample, FillRecord, OrderRecord, PositionSnapshot, RunRecords
from domain.unified_position import UnifiedPosition
from ports.clock import Clock

ZERO = Decimal(0)
log = logging.getLogger(__name__)


class LiveRunRecorder:
    """Observes the event publisher; every `refresh_seconds` samples equity and rewrites the
    four tables (and config and log) of the run; `finish` adds summary.json, written last."""

    def __init__(
        self,
        *,
        run_id: str,
        mode: str,
        config: dict[str, Any],
        positions: UnifiedPositionTracker,
        clock: Clock,
        writer: RunWriter,
        starting_balance: Decimal,
        currency: str = "USDT",
        margin_rate: Decimal = Decimal(1),
        refresh_seconds: float = 60.0,
    ) -> None:
        self.run_id, self._mode, self._config = run_id, mode, config
        self._positions, self._clock, self._writer = positions, clock, writer
        self._start, self._currency, self._margin_rate = starting_balance, currency, margin_rate
        self._refresh = refresh_seconds
        self._created_at = clock.now()
        self._orders: dict[str, Order] = {}
        self._fills: list[FillRecord] = []
        self._snapshots: list[PositionSnapshot] = []
        self._equity: list[EquitySample] = []
        self._peak = starting_balance
        self._unsettled: dict[str, int] = {}

    def observe(self, topic: str, event: object) -> None:
        """Publisher subscriber: orders by operation id; fills and the position they move."""
        if topic == "order.filled":
            order, fill = event  # type: ignore[misc]
            self._orders[order.operation_id] = order
            self._fills.append(_fill_record(fill))
            self._snapshot(self._positions.position(fill.instrument_key), fill.ts_event)
        elif topic.startswith("order.") and isinstance(event, Order):
            self._orders[event.operation_id] = event
        elif topic == UNSETTLED_TOPIC and isinstance(event, dict):
            self._unsettled = {k: int(v) for k, v in event.items() if v}

    def _snapshot(self, position: UnifiedPosition, ts_event: int) -> None:
        price = position.current_price or position.average_entry_price
        self._snapshots.append(
            PositionSnapshot(
                ts_event=ts_event,
                instrument_key=position.instrument_key,
                quantity=position.aggregated_quantity,
                avg_entry_price=position.average_entry_price,
                current_price=price,
                unrealized_pnl=position.unrealized_pnl(),
                realized_pnl=position.realized_pnl,
            )
        )

    def sample(self) -> None:
        """One equity sample and a snapshot of every position, at the clock's now."""
        now = self._clock.now_ns()
        realized = unrealized = fees = notional = ZERO
        for position in self._positions.all():
            self._snapshot(position, now)
            mark = position.current_price or position.average_entry_price
            # Inverse PnL and fees are in the base asset: value them at the mark.
            rate = mark if any(p.inverse for p in position.venues.values()) else Decimal(1)
            realized += position.realized_pnl * rate
            unrealized += position.unrealized_pnl() * rate
            fees += position.fees * rate
            notional += sum((p.notional(mark) for p in position.venues.values()), ZERO)
        cash = self._start + realized - fees
        value = cash + unrealized
        self._peak = max(self._peak, value)
        drawdown = (value / self._peak - 1) * 100 if self._peak else ZERO
        self._equity.append(
            EquitySample(
                ts_event=now,
                portfolio_value=value,
                cash_balance=cash,
                margin_used=notional * self._margin_rate,
                unrealized_pnl=unrealized,
                drawdown_pct=min(drawdown, ZERO),
            )
        )

    def records(self) -> RunRecords:
        return RunRecords(
            run_id=self.run_id,
            mode=self._mode,
            created_at=self._created_at,
            currency=self._currency,
            starting_balance=self._start,
            config=self._config,
            orders=tuple(_order_record(o) for o in self._orders.values()),
            fills=tuple(self._fills),
            positions=tuple(self._snapshots),
            equity=tuple(self._equity),
            wall_time_s=(self._clock.now() - self._created_at).total_seconds(),
        )

    def refresh(self) -> None:
        self.sample()
        self._writer.write_progress(self.records(), self._log())

    def finish(self) -> dict[str, Any]:
        """summary.json last; FAILED, naming what, while venue facts are not yet stored
        (a store outage not caught up, kept events, orders whose outcome is unknown)."""
        self.sample()
        if not self._unsettled:
            return self._writer.write(self.records(), self._log())
        records = self.records()
        self._writer.write_progress(records, self._log())
        pending = ", ".join(f"{name} {count}" for name, count in sorted(self._unsettled.items()))
        return self._writer.write_failed(
            run_id=self.run_id,
            mode=self._mode,
            config=self._config,
            error=f"state not settled at shutdown: {pending}",
            created_at=self._created_at,
            log_text=self._log(),
            currency=self._currency,
            wall_time_s=records.wall_time_s,
        )

    async def run(self) -> None:
        """Refresh the files until cancelled (the store is synchronous: use a thread)."""
        while True:
            await self._clock.sleep(self._refresh)
            try:
                await asyncio.to_thread(self.refresh)
            except Exception:  # keep trading and keep the records; the next refresh retries
                log.exception("live run %s: refreshing the results failed", self.run_id)

    def _log(self) -> str:
        return (
            f"live run {self.run_id} ({self._mode}): {len(self._orders)} orders, "
            f"{len(self._fills)} fills\n"
        )


def _order_record(order: Order) -> OrderRecord:
    return OrderRecord(
        order_id=order.operation_id,
        operation_id=order.parent_operation_id or order.operation_id,
        instrument_key=order.instrument_key,
        side=order.side,
        order_type=order.order_type,
        quantity=order.quantity,
        price=order.price,
        status=order.status,
        created_at=order.created_at,
        updated_at=order.updated_at or order.created_at,
        rejection_reason=order.rejection_reason,
    )


def _fill_record(fill: Fill) -> FillRecord:
    return FillRecord(
        fill_id=fill.fill_id,
        order_id=fill.operation_id,
        instrument_key=fill.instrument_key,
        side=fill.side,
        quantity=fill.quantity,
        price=fill.price,
        fee=fill.fee,
        fee_currency=fill.fee_currency,
        ts_event=fill.ts_event,
        venue=fill.venue,
    )
