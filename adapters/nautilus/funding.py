"""Funding payments of perpetuals, settled on the simulated venue's account.

At each funding settlement the position held in the instrument pays (or receives)
`signed quantity * multiplier * mark_price * funding_rate` in the settlement currency for
a linear contract, and `signed quantity * multiplier / mark_price * funding_rate` in the
base currency for an inverse one (its quantity is USD). Longs pay when the rate is
positive. A settlement is applied on the venue's first processing at or after its time
(between windows no order trades, so the position then is the one held at that time).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
from nautilus_trader.backtest.config import SimulationModuleConfig
from nautilus_trader.backtest.modules import SimulationModule
from nautilus_trader.model.identifiers import InstrumentId
from nautilus_trader.model.objects import Money

from ports.tick_windows import FundingRate

log = logging.getLogger(__name__)
ZERO = Decimal(0)


@attrs.frozen(kw_only=True)
class FundingPayment:
    """What one position paid at one settlement (negative: it received)."""

    ts_event: int
    instrument_key: str
    amount: Decimal
    currency: str


class FundingSettlements(SimulationModule):
    """One per simulated venue, with the settlements of the instruments it lists."""

    def __init__(self, settlements: Sequence[tuple[InstrumentId, FundingRate]]) -> None:
        super().__init__(SimulationModuleConfig())
        self._due = sorted(settlements, key=lambda s: (s[1].ts_event, str(s[0])))
        self._next = 0
        self.payments: list[FundingPayment] = []

    def process(self, ts_now: int) -> None:
        while self._next < len(self._due) and self._due[self._next][1].ts_event <= ts_now:
            instrument_id, rate = self._due[self._next]
            self._next += 1
            self._settle(instrument_id, rate)

    def _settle(self, instrument_id: InstrumentId, rate: FundingRate) -> None:
        cache = self.exchange.cache
        held = sum(
            (
                Decimal(str(p.signed_decimal_qty()))
                for p in cache.positions_open(venue=self.exchange.id, instrument_id=instrument_id)
            ),
            ZERO,
        )
        if held == 0:
            return
        instrument = cache.instrument(instrument_id)
        size = held * instrument.multiplier.as_decimal()
        if instrument.is_inverse:
            amount = size / rate.mark_price * rate.funding_rate
            currency = instrument.base_currency
        else:
            amount = size * rate.mark_price * rate.funding_rate
            currency = instrument.get_settlement_currency()
        self.payments.append(
            FundingPayment(
                ts_event=rate.ts_event,
                instrument_key=rate.instrument_key,
                amount=amount,
                currency=currency.code,
            )
        )
        account = cache.account_for_venue(self.exchange.id)
        if account is None or account.balance(currency) is None:
            log.warning(
                "funding of %s at %d (%s %s) not settled: the %s account holds no %s",
                rate.instrument_key,
                rate.ts_event,
                amount,
                currency.code,
                self.exchange.id,
                currency.code,
            )
            return
        self.exchange.adjust_account(Money(-amount, currency))

    def log_diagnostics(self, logger: Any) -> None:
        """Nothing to add to nautilus's diagnostics."""

    def reset(self) -> None:
        self._next = 0
        self.payments.clear()
