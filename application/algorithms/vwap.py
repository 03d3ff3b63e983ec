"""VWAP: the parent split by a volume profile, explicit or learnt from earlier periods."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum

import attrs

from application.algorithms.params import VwapParams
from application.algorithms.slicing import ChildSlice, plan_slices


class ProfileSource(StrEnum):
    """Where a VWAP schedule's weights came from."""

    EXPLICIT = "EXPLICIT"
    HISTORY = "HISTORY"
    FLAT = "FLAT"


def profile_from_history(
    history: Iterable[tuple[int, Decimal]], *, start_ns: int, params: VwapParams
) -> tuple[Decimal, ...]:
    """Volume per interval at the same phase of earlier periods; the future is never read.

    An observation (ts_ns, volume) counts only if ts_ns < start_ns. Its offset into its
    period is (ts_ns - start_ns) mod period; if that falls inside the horizon it adds to
    the interval it lands in. With the default one-day period, interval k of today's run
    is weighted by the volume traded in interval k of the same clock window on every
    earlier day the caller hands in (hand in more days to smooth, fewer to react).
    """
    weights = [Decimal(0)] * params.slice_count
    for ts_ns, volume in history:
        if volume < 0:
            raise ValueError(f"volume history: negative volume {volume} at ts_ns={ts_ns}")
        if ts_ns >= start_ns:
            continue
        offset = (ts_ns - start_ns) % params.profile_period_ns
        if offset < params.horizon_ns:
            weights[offset // params.interval_ns] += volume
    return tuple(weights)


@attrs.frozen(kw_only=True)
class VwapSchedule:
    """Slices weighted by a volume profile (within one lot of each weight's share)."""

    start_ns: int
    params: VwapParams
    weights: tuple[Decimal, ...]
    profile_source: ProfileSource
    slices: tuple[ChildSlice, ...]

    @classmethod
    def build(
        cls,
        *,
        quantity: Decimal,
        start_ns: int,
        params: VwapParams,
        lot_size: Decimal,
        volume_history: Iterable[tuple[int, Decimal]] | None = None,
        min_size: Decimal | None = None,
    ) -> VwapSchedule:
        """Explicit profile first, else the history's profile, else flat (no volume known)."""
        weights, source = params.volume_profile, ProfileSource.EXPLICIT
        if weights is None and volume_history is not None:
            weights = profile_from_history(volume_history, start_ns=start_ns, params=params)
            source = ProfileSource.HISTORY
        if weights is None or sum(weights) <= 0:
            weights, source = (Decimal(1),) * params.slice_count, ProfileSource.FLAT
        slices = plan_slices(
            quantity,
            params.slot_times(start_ns),
            weights,
            lot_size=lot_size,
            min_size=min_size,
        )
        return cls(
            start_ns=start_ns,
            params=params,
            weights=weights,
            profile_source=source,
            slices=slices,
        )
