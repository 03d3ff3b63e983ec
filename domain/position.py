"""Netting position of one instrument at one venue, with realized and unrealized PnL."""

from __future__ import annotations

from decimal import Decimal

import attrs

from domain.enums import OrderSide

ZERO = Decimal(0)


@attrs.define(kw_only=True)
class Position:
    """Signed quantity (long > 0), average entry, realized PnL and fees paid.

    Linear PnL is `qty * (exit - entry)` in the quote asset; inverse PnL (quantity in
    contract units of quote value, e.g. USD) is `qty * (1/entry - 1/exit)` in the base asset.
    """

    instrument_key: str
    venue: str
    quantity: Decimal = ZERO
    avg_entry_price: Decimal = ZERO
    realized_pnl: Decimal = ZERO
    fees: Decimal = ZERO
    inverse: bool = False
    multiplier: Decimal = Decimal(1)
    last_price: Decimal | None = None

    @property
    def is_flat(self) -> bool:
        return self.quantity == ZERO

    def _pnl(self, quantity: Decimal, entry: Decimal, exit_price: Decimal) -> Decimal:
        if self.inverse:
            return quantity * self.multiplier * (1 / entry - 1 / exit_price)
        return quantity * self.multiplier * (exit_price - entry)

    def apply(
        self, side: OrderSide, quantity: Decimal, price: Decimal, fee: Decimal = ZERO
    ) -> Decimal:
        """Apply a trade; returns the PnL it realized (before fees)."""
        signed = quantity * side.sign
        self.fees += fee
        self.last_price = price
        realized = ZERO
        if self.quantity == ZERO or (self.quantity > 0) == (signed > 0):
            total = self.quantity + signed
            if self.inverse:
                # Average entry of inverse contracts is the harmonic mean of prices.
                weight = abs(self.quantity) / self.avg_entry_price if self.quantity else ZERO
                self.avg_entry_price = abs(total) / (weight + abs(signed) / price)
            else:
                cost = self.avg_entry_price * abs(self.quantity) + price * abs(signed)
                self.avg_entry_price = cost / abs(total)
            self.quantity = total
            return realized
        closing = min(abs(signed), abs(self.quantity))
        direction = Decimal(1) if self.quantity > 0 else Decimal(-1)
        realized = self._pnl(closing * direction, self.avg_entry_price, price)
        self.realized_pnl += realized
        remainder = self.quantity + signed
        if remainder == ZERO:
            self.avg_entry_price = ZERO
        elif (remainder > 0) != (self.quantity > 0):
            self.avg_entry_price = price  # flipped: the excess opens at this price
        self.quantity = remainder
        return realized

    def unrealized_pnl(self, mark: Decimal | None = None) -> Decimal:
        price = mark if mark is not None else self.last_price
        if self.quantity == ZERO or price is None or price == ZERO:
            return ZERO
        return self._pnl(self.quantity, self.avg_entry_price, price)

    def notional(self, mark: Decimal | None = None) -> Decimal:
        price = mark if mark is not None else (self.last_price or self.avg_entry_price)
        if self.inverse:
            return abs(self.quantity) * self.multiplier
        return abs(self.quantity) * price * self.multiplier
