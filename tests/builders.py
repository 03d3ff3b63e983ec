"""Test data builders: `an_order().buy("2").limit("30000").build()` and friends."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from decimal import Decimal

import attrs

from domain.enums import ExecAlgorithm, OrderSide, OrderType, VenueKind
from domain.fill import Fill
from domain.ids import ClientOrderId, FillId, OperationId, StrategyId, VenueTradeId
from domain.order import Order
from domain.unified_position import UnifiedPosition

BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
T0 = datetime(2024, 1, 1, tzinfo=UTC)
_sequence = itertools.count(1)


@attrs.define
class OrderBuilder:
    operation_id: str = attrs.field(factory=lambda: f"op-{next(_sequence)}")
    side: OrderSide = OrderSide.BUY
    quantity: Decimal = Decimal(1)
    order_type: OrderType = OrderType.MARKET
    price: Decimal | None = None
    instrument_key: str = BTC
    strategy_id: str = "alpha"
    parent: str | None = None
    algorithm: ExecAlgorithm = ExecAlgorithm.NORMAL

    def buy(self, quantity: str) -> OrderBuilder:
        return attrs.evolve(self, side=OrderSide.BUY, quantity=Decimal(quantity))

    def sell(self, quantity: str) -> OrderBuilder:
        return attrs.evolve(self, side=OrderSide.SELL, quantity=Decimal(quantity))

    def limit(self, price: str) -> OrderBuilder:
        return attrs.evolve(self, order_type=OrderType.LIMIT, price=Decimal(price))

    def with_id(self, operation_id: str) -> OrderBuilder:
        return attrs.evolve(self, operation_id=operation_id)

    def child_of(self, parent: str) -> OrderBuilder:
        return attrs.evolve(self, parent=parent)

    def on(self, instrument_key: str) -> OrderBuilder:
        return attrs.evolve(self, instrument_key=instrument_key)

    def for_strategy(self, strategy_id: str) -> OrderBuilder:
        return attrs.evolve(self, strategy_id=strategy_id)

    def by(self, algorithm: ExecAlgorithm) -> OrderBuilder:
        return attrs.evolve(self, algorithm=algorithm)

    def build(self) -> Order:
        return Order(
            operation_id=OperationId(self.operation_id),
            client_order_id=ClientOrderId(f"c-{self.operation_id}"),
            instrument_key=self.instrument_key,
            side=self.side,
            order_type=self.order_type,
            quantity=self.quantity,
            price=self.price,
            strategy_id=StrategyId(self.strategy_id),
            parent_operation_id=OperationId(self.parent) if self.parent else None,
            exec_algorithm=self.algorithm,
            created_at=T0,
            updated_at=T0,
        )


def an_order() -> OrderBuilder:
    return OrderBuilder()


def a_fill(
    order: Order,
    quantity: str,
    price: str,
    *,
    trade_id: str | None = None,
    venue: str = "BINANCE-FUTURES",
    fee: str = "0",
) -> Fill:
    n = next(_sequence)
    return Fill(
        fill_id=FillId(f"f-{n}"),
        operation_id=order.operation_id,
        venue=venue,
        venue_trade_id=VenueTradeId(trade_id or f"t-{n}"),
        instrument_key=order.instrument_key,
        side=order.side,
        quantity=Decimal(quantity),
        price=Decimal(price),
        fee=Decimal(fee),
        ts_event=n,
    )


def a_position(instrument_key: str = BTC, **venue_quantities: str) -> UnifiedPosition:
    position = UnifiedPosition(instrument_key=instrument_key, base_asset="BTC")
    for venue, quantity in venue_quantities.items():
        venue_id = venue.replace("_", "-")
        side = OrderSide.BUY if Decimal(quantity) > 0 else OrderSide.SELL
        position.at(venue_id, VenueKind.SIMULATED).apply(
            side, abs(Decimal(quantity)), Decimal(30000)
        )
    return position
