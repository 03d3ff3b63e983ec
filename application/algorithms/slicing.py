"""Splitting a parent quantity into lot-sized child slices that sum exactly to it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal, Inexact, localcontext
from fractions import Fraction

import attrs

ZERO = Decimal(0)


@attrs.frozen(kw_only=True)
class ChildSlice:
    """One child order to send: how much, and when it is due (ns since epoch).

    `sequence` is 0-based and unique within a schedule or run, in release order; derive
    the child's client order id from it.
    """

    sequence: int
    due_ns: int
    quantity: Decimal


def split_quantity(
    total: Decimal,
    weights: Sequence[Decimal],
    *,
    lot_size: Decimal,
    min_size: Decimal | None = None,
) -> list[Decimal]:
    """Split `total` over `weights` (one slice per weight) so the slices sum exactly to it.

    Cumulative rounding: the running sum after slice k is total * (weights up to k) /
    (all weights) rounded down to the lot, and the last slice takes what is left. So
    every slice but the last is a whole number of lots, every slice is within one lot of
    its exact share (rounding each slice alone would pile up to n lots on the last), and
    a total that is not a whole number of lots leaves its odd remainder on the last slice.
    Then slices below `min_size` (default: one lot) are carried into the next slice, and
    a remainder still too small at the end is merged into the last non-empty slice. Empty
    slots come back as zero; the result has one entry per weight.
    """
    _check(total, weights, lot_size)
    weight_sum = sum(Fraction(w) for w in weights)
    exact_total, lot = Fraction(total), Fraction(lot_size)
    with localcontext(prec=60) as ctx:
        ctx.traps[Inexact] = True  # quantities are exact or the split refuses
        slices: list[Decimal] = []
        cumulative_weight, allotted = Fraction(0), ZERO
        for weight in weights[:-1]:
            cumulative_weight += Fraction(weight)
            lots = math.floor(exact_total * cumulative_weight / weight_sum / lot)
            running = lot_size * lots
            slices.append(running - allotted)
            allotted = running
        slices.append(total - allotted)
        return _merge_below_minimum(slices, weights, lot_size if min_size is None else min_size)


def plan_slices(
    total: Decimal,
    due_times: Sequence[int],
    weights: Sequence[Decimal],
    *,
    lot_size: Decimal,
    min_size: Decimal | None = None,
) -> tuple[ChildSlice, ...]:
    """The non-empty slices of `split_quantity`, each due at its slot's time, numbered 0.."""
    if len(due_times) != len(weights):
        raise ValueError(f"{len(due_times)} due times for {len(weights)} weights")
    quantities = split_quantity(total, weights, lot_size=lot_size, min_size=min_size)
    due = [(t, q) for t, q in zip(due_times, quantities, strict=True) if q > 0]
    return tuple(ChildSlice(sequence=i, due_ns=t, quantity=q) for i, (t, q) in enumerate(due))


def _check(total: Decimal, weights: Sequence[Decimal], lot_size: Decimal) -> None:
    if not total.is_finite() or total <= 0:
        raise ValueError(f"quantity to split must be positive, not {total}")
    if not lot_size.is_finite() or lot_size <= 0:
        raise ValueError(f"lot size must be positive, not {lot_size}")
    if not weights or any(w < 0 for w in weights) or sum(weights) <= 0:
        raise ValueError("weights must be non-empty, >= 0, with one positive")


def _merge_below_minimum(
    slices: list[Decimal], weights: Sequence[Decimal], min_size: Decimal
) -> list[Decimal]:
    merged, carry = [ZERO] * len(slices), ZERO
    for i, quantity in enumerate(slices):
        pending = quantity + carry
        if pending > 0 and pending >= min_size:
            merged[i], carry = pending, ZERO
        else:
            carry = pending
    if carry > 0:
        non_empty = [i for i, q in enumerate(merged) if q > 0]
        # An order too small to split at all goes out whole in the first weighted slot.
        target = non_empty[-1] if non_empty else next(i for i, w in enumerate(weights) if w > 0)
        merged[target] += carry
    return merged
