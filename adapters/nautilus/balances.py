"""The AccountBalance port over the accounts of the nautilus portfolio."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from nautilus_trader.model.identifiers import Venue
from nautilus_trader.model.objects import Currency
from nautilus_trader.portfolio.base import PortfolioFacade


class NautilusBalances:
    """Free balance per canonical venue and currency; venue None sums every venue."""

    def __init__(self, portfolio: PortfolioFacade, venue_names: Mapping[str, str]) -> None:
        self._portfolio = portfolio
        self._venue_names = dict(venue_names)

    def available(self, venue: str | None, currency: str) -> Decimal | None:
        venues = [venue] if venue is not None else sorted(self._venue_names)
        amounts = [self._free(v, currency) for v in venues]
        known = [amount for amount in amounts if amount is not None]
        return sum(known, Decimal(0)) if known else None

    def _free(self, venue: str, currency: str) -> Decimal | None:
        name = self._venue_names.get(venue)
        account = self._portfolio.account(Venue(name)) if name else None
        if account is None:
            return None
        free = account.balance_free(Currency.from_str(currency))
        return free.as_decimal() if free is not None else None
