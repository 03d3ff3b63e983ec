"""Fills, position snapshots and equity samples of a run, recorded as nautilus reports them.

PnL is kept per listing in `domain.position.Position` (before fees, as positions.parquet
wants it); cash and margin come from the venues' nautilus accounts. Amounts in another
currency than the run's are valued at the latest price of an instrument quoting them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal

from nautilus_trader.accounting.accounts.base import Account
from nautilus_trader.model.enums import OrderSide as NautilusSide
from nautilus_trader.model.events import OrderFilled

from domain.enums import OrderSide, OrderStatus, OrderType
from domain.instrument_facts import is_inverse, parse_key
from domain.order_request import OrderRequest
from domain.position import Position
from domain.run_records import EquitySample, FillRecord, OrderRecord, PositionSnapshot

ZERO = Decimal(0)
HUNDRED = Decimal(100)

Mark = Callable[[str], Decimal | None]
Rate = Callable[[str], Decimal | None]


class RunRecorder:
    """Accumulates the rows of the output files while the engine runs."""

    def __init__(self, *, currency: str, mark: Mark, rate: Rate) -> None:
        self._currency, self._mark, self._rate = currency, mark, rate
        self.fills: list[FillRecord] = []
        self.positions: list[PositionSnapshot] = []
        self.equity: list[EquitySample] = []
        self.rejected: list[OrderRecord] = []
        self.expected_prices: dict[str, Decimal] = {}
        self._books: dict[str, Position] = {}
        self._peak: Decimal | None = None

    def position(self, key: str) -> Position | None:
        return self._books.get(key)

    def expect(self, order_id: str, price: Decimal | None) -> None:
        """The arrival mid of an order, for its slippage."""
        if price is not None and order_id not in self.expected_prices:
            self.expected_prices[order_id] = price

    def reject(self, request: OrderRequest, reason: str, at: datetime) -> None:
        """An order refused before any venue saw it (risk, routing, validation)."""
        self.rejected.append(
            OrderRecord(
                order_id=request.operation_id,
                operation_id=request.operation_id,
                instrument_key=request.instrument_key,
                side=request.side,
                order_type=request.order_type,
                quantity=request.quantity,
                price=request.price if request.order_type is OrderType.LIMIT else None,
                status=OrderStatus.REJECTED,
                created_at=at,
                updated_at=at,
                rejection_reason=reason,
            )
        )

    def fill(self, event: OrderFilled, key: str, venue: str) -> None:
        side = OrderSide.BUY if event.order_side == NautilusSide.BUY else OrderSide.SELL
        quantity, price = event.last_qty.as_decimal(), event.last_px.as_decimal()
        fee = event.commission.as_decimal()
        self.fills.append(
            FillRecord(
                fill_id=event.trade_id.value,
                order_id=event.client_order_id.value,
                instrument_key=key,
                side=side,
                quantity=quantity,
                price=price,
                fee=fee,
                fee_currency=event.commission.currency.code,
                ts_event=event.ts_event,
                venue=venue,
            )
        )
        book = self._books.get(key)
        if book is None:
            book = self._books[key] = Position(
                instrument_key=key, venue=venue, inverse=is_inverse(key)
            )
        book.apply(side, quantity, price, fee)
        self._snapshot(event.ts_event, key)

    def _snapshot(self, ts_ns: int, key: str) -> Decimal:
        """A positions row at the current mark; returns its unrealized PnL."""
        book = self._books[key]
        mark = self._mark(key) or book.last_price or ZERO
        unrealized = book.unrealized_pnl(mark)
        self.positions.append(
            PositionSnapshot(
                ts_event=ts_ns,
                instrument_key=key,
                quantity=book.quantity,
                avg_entry_price=book.avg_entry_price,
                current_price=mark,
                unrealized_pnl=unrealized,
                realized_pnl=book.realized_pnl,
            )
        )
        return unrealized

    def sample(self, ts_ns: int, accounts: Iterable[Account]) -> None:
        """An equity sample (and a positions row per listing traded so far)."""
        cash, margin = ZERO, ZERO
        for account in accounts:
            for money in account.balances_total().values():
                cash += self._value(money.as_decimal(), money.currency.code)
            for money in account.balances_locked().values():
                margin += self._value(money.as_decimal(), money.currency.code)
        unrealized = ZERO
        for key in sorted(self._books):
            pnl = self._snapshot(ts_ns, key)
            unrealized += self._value(pnl, _pnl_currency(key))
        value = cash + unrealized
        self._peak = value if self._peak is None else max(self._peak, value)
        drawdown = (value - self._peak) / self._peak * HUNDRED if self._peak > 0 else ZERO
        self.equity.append(
            EquitySample(
                ts_event=ts_ns,
                portfolio_value=value,
                cash_balance=cash,
                margin_used=margin,
                unrealized_pnl=unrealized,
                drawdown_pct=min(drawdown, ZERO),
            )
        )

    def value(self, amount: Decimal, currency: str) -> Decimal:
        """`amount` of `currency` in the run's currency at the latest price (0 if none)."""
        return self._value(amount, currency)

    def _value(self, amount: Decimal, currency: str) -> Decimal:
        if currency == self._currency or amount == 0:
            return amount
        rate = self._rate(currency)
        return amount * rate if rate is not None else ZERO


def _pnl_currency(key: str) -> str:
    parsed = parse_key(key)
    return parsed.base if parsed.is_inverse else parsed.quote


def sample_times(windows: Iterable[tuple[int, int]], interval_ns: int) -> tuple[int, ...]:
    """When equity is sampled: every `interval_ns` from each window's start (inside the
    window) and at each window's end, in order; never in the gaps between windows."""
    times: set[int] = set()
    for start_ns, end_ns in windows:
        times.update(range(start_ns, end_ns, interval_ns))
        times.add(end_ns)
    return tuple(sorted(times))
