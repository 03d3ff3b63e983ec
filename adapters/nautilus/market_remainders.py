"""Market orders larger than the visible book keep executing as the book refills.

On an L2 book a nautilus MARKET order fills what the five visible levels hold and the
rest stays open with no further matching (only resting orders are matched again). This
simulation module gives such a remainder the venue's normal market fill (fill model,
liquidity consumption) on each later book update of its instrument, until it is filled
or cancelled (a new signal, or the end of its window).
"""

from __future__ import annotations

from typing import Any

from nautilus_trader.backtest.config import SimulationModuleConfig
from nautilus_trader.backtest.modules import SimulationModule
from nautilus_trader.model.data import OrderBookDepth10
from nautilus_trader.model.enums import OrderType
from nautilus_trader.model.identifiers import InstrumentId


class MarketRemainders(SimulationModule):
    """One per simulated venue; `refills` counts the fills it asked the venue for."""

    def __init__(self) -> None:
        super().__init__(SimulationModuleConfig())
        self._updated: set[InstrumentId] = set()
        self.refills = 0

    def pre_process(self, data: Any) -> None:
        if isinstance(data, OrderBookDepth10):
            self._updated.add(data.instrument_id)

    def process(self, ts_now: int) -> None:
        if not self._updated:
            return
        updated, self._updated = self._updated, set()
        cache = self.exchange.cache
        for instrument_id in sorted(updated, key=str):
            if not cache.orders_open_count(instrument_id=instrument_id):
                continue  # the usual case, answered without building a list
            remainders = [
                order
                for order in cache.orders_open(instrument_id=instrument_id)
                if order.order_type == OrderType.MARKET
                and order.filled_qty.raw > 0
                and not order.is_pending_cancel
            ]
            if not remainders:
                continue
            matching = self.exchange.get_matching_engine(instrument_id)
            for order in sorted(remainders, key=lambda o: (o.ts_init, o.client_order_id.value)):
                self.refills += 1
                matching.fill_market_order(order)

    def log_diagnostics(self, logger: Any) -> None:
        """Nothing to add to nautilus's diagnostics."""

    def reset(self) -> None:
        self._updated.clear()
        self.refills = 0
