"""How much of our quantity one unit of a node instrument's quantity is (its multiplier)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

ONE = Decimal(1)


class ContractSizes:
    """Our quantities are base units (USD for inverse instruments) on every venue. A venue's
    own instrument may count contracts of `multiplier` of them instead (OKX swaps: 0.01 BTC
    a contract), so quantities are converted here, at the node's edge, and nowhere else.
    Learnt from the node's instruments when it starts; 1 for one it has not loaded."""

    def __init__(self) -> None:
        self._sizes: dict[str, Decimal] = {}

    def learn(self, instruments: Iterable[Any]) -> None:
        for instrument in instruments:
            self._sizes[instrument.id.value] = instrument.multiplier.as_decimal()

    def of(self, nautilus_id: str) -> Decimal:
        return self._sizes.get(nautilus_id, ONE)

    def to_venue(self, nautilus_id: str, quantity: Decimal) -> Decimal:
        """Ours -> the node's (contracts); exact, so a quantity off the lot stays off it and
        the node refuses it with its reason rather than trading a rounded size."""
        return quantity / self.of(nautilus_id)
