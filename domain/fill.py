"""An execution fill reported by a venue."""

from __future__ import annotations

from decimal import Decimal

import attrs

from domain.enums import LiquiditySide, OrderSide
from domain.ids import FillId, OperationId, StrategyId, VenueTradeId


@attrs.frozen(kw_only=True)
class Fill:
    """Quantity traded at one price on one venue for one order; fee in `fee_currency`."""

    fill_id: FillId
    operation_id: OperationId
    venue: str
    venue_trade_id: VenueTradeId
    instrument_key: str
    side: OrderSide
    quantity: Decimal
    price: Decimal
    fee: Decimal = Decimal(0)
    fee_currency: str = "USDT"
    ts_event: int = 0
    liquidity: LiquiditySide = LiquiditySide.TAKER

    @property
    def notional(self) -> Decimal:
        return self.quantity * self.price

    @property
    def signed_quantity(self) -> Decimal:
        return self.quantity * self.side.sign


@attrs.frozen(kw_only=True)
class StrategyFill:
    """A stored fill with the strategy of the order it filled (what a restart replays)."""

    strategy_id: StrategyId
    fill: Fill


@attrs.frozen(kw_only=True)
class StrategyTotal:
    """The net signed quantity (venue units) a strategy's stored fills of one instrument add
    up to: a linear stream's whole position after a restart."""

    strategy_id: StrategyId
    instrument_key: str
    quantity: Decimal
