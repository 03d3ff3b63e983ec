"""Memory account balances."""

from __future__ import annotations

from decimal import Decimal


class InMemoryBalances:
    """Free balance per (venue, currency); venue None means the sum over venues."""

    def __init__(self, balances: dict[tuple[str, str], Decimal] | None = None) -> None:
        self._balances = dict(balances or {})

    def set(self, venue: str, currency: str, amount: Decimal) -> None:
        self._balances[(venue, currency)] = amount

    def available(self, venue: str | None, currency: str) -> Decimal | None:
        if venue is not None:
            return self._balances.get((venue, currency))
        amounts = [v for (_, cur), v in self._balances.items() if cur == currency]
        return sum(amounts, Decimal(0)) if amounts else None
