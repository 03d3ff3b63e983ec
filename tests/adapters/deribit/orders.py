"""The shared order builder, extended with what Deribit orders need: instrument and TIF."""

from __future__ import annotations

from decimal import Decimal

import attrs

from domain.enums import TimeInForce
from domain.order import Order
from tests.builders import OrderBuilder

BTC_PERP = "DERIBIT:PERPETUAL:BTC-USD@INV"


@attrs.define
class DeribitOrderBuilder(OrderBuilder):
    """`an_order().buy("100").limit("49000").on(ETH_PERP).tif(TimeInForce.IOC).build()`"""

    quantity: Decimal = Decimal(100)
    instrument_key: str = BTC_PERP
    time_in_force: TimeInForce = TimeInForce.GTC

    def on(self, instrument_key: str) -> DeribitOrderBuilder:
        return attrs.evolve(self, instrument_key=instrument_key)

    def tif(self, time_in_force: TimeInForce) -> DeribitOrderBuilder:
        return attrs.evolve(self, time_in_force=time_in_force)

    def build(self) -> Order:
        order = super().build()
        order.time_in_force = self.time_in_force
        return order


def an_order() -> DeribitOrderBuilder:
    return DeribitOrderBuilder()
