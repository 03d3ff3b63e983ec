"""Account balance port: what can still be spent, per venue and currency."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol


class AccountBalance(Protocol):
    """Free balance (cash or margin) available for new orders."""

    def available(self, venue: str | None, currency: str) -> Decimal | None: ...
