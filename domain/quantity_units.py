"""Units of quantity: inverse instruments trade quote-valued contracts, signals and outputs
speak base units.

A linear or spot quantity is in the base asset (BTC of BTC-USDT) at the venue and in the
signals alike. An inverse instrument (`@INV`, e.g. Deribit's BTC-PERPETUAL) trades amounts
of the quote currency (USD): 3,000 USD bought at 40,000 is 0.075 BTC.

- A fill or an order in base units is its amount at its own price.
- A position in base units is its amount at its average entry price (the harmonic mean of
  its fills' prices): what it was bought as. It stays put while the market moves, is 0
  exactly when the venue position is flat, and a reduction takes away its share of it.
- A signal's base target is reached by buying more at the reference price, or by giving
  back the share of the position the target no longer wants.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

ZERO = Decimal(0)


@attrs.frozen
class FilledPosition:
    """What a stream has filled: at the venue, and in base units (the same when linear)."""

    venue: Decimal
    base: Decimal


def to_base_units(venue_quantity: Decimal, price: Decimal, *, inverse: bool) -> Decimal:
    """`venue_quantity` in the base asset at `price` (a positive price for inverse ones)."""
    return venue_quantity / price if inverse else venue_quantity


def notional(venue_quantity: Decimal, price: Decimal, *, inverse: bool) -> Decimal:
    """Gross value in the quote currency: an inverse quantity already is one."""
    return abs(venue_quantity) if inverse else abs(venue_quantity) * price


def _same_sign(a: Decimal, b: Decimal) -> bool:
    return (a > 0) == (b > 0)


def base_after_fill(
    venue_before: Decimal, base_before: Decimal, signed_fill: Decimal, price: Decimal
) -> Decimal:
    """An inverse position's base quantity after a signed fill of `signed_fill` at `price`."""
    venue_after = venue_before + signed_fill
    if venue_before == 0 or _same_sign(signed_fill, venue_before):
        return base_before + signed_fill / price
    if abs(signed_fill) <= abs(venue_before):
        return base_before * venue_after / venue_before
    return venue_after / price  # flipped: the excess opens at this price


def venue_gap(
    target_base: Decimal, venue_position: Decimal, base_position: Decimal, price: Decimal
) -> Decimal:
    """The signed inverse amount that moves a position of `venue_position` (`base_position`
    in base units) to `target_base`: more bought at `price`, or its share given back."""
    if venue_position == 0 or base_position == 0:
        return target_base * price - venue_position
    if target_base != 0 and not _same_sign(target_base, base_position):
        return target_base * price - venue_position  # close all, open the rest at price
    if abs(target_base) >= abs(base_position):
        return (target_base - base_position) * price
    return venue_position * (target_base - base_position) / base_position
