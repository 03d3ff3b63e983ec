"""TWAP: the parent split into equal slices, one at the start of each interval."""

from __future__ import annotations

from decimal import Decimal

import attrs

from application.algorithms.params import TwapParams
from application.algorithms.slicing import ChildSlice, plan_slices


@attrs.frozen(kw_only=True)
class TwapSchedule:
    """Equal lot-rounded slices every `interval` across the horizon, summing to the total."""

    start_ns: int
    params: TwapParams
    slices: tuple[ChildSlice, ...]

    @classmethod
    def build(
        cls,
        *,
        quantity: Decimal,
        start_ns: int,
        params: TwapParams,
        lot_size: Decimal,
        min_size: Decimal | None = None,
    ) -> TwapSchedule:
        due_times = params.due_times(start_ns)
        slices = plan_slices(
            quantity, due_times, [Decimal(1)] * len(due_times), lot_size=lot_size, min_size=min_size
        )
        return cls(start_ns=start_ns, params=params, slices=slices)

    @property
    def end_ns(self) -> int:
        return self.start_ns + self.params.horizon_ns
