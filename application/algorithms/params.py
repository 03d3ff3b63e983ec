"""Parameters of the execution algorithms and the rules each must satisfy."""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from domain.errors import DomainError

NS_PER_SEC = 1_000_000_000
DAY_NS = 86_400 * NS_PER_SEC
# A guard against a horizon cut into millions of children by a typo in interval_secs.
MAX_SLICES = 10_000


class InvalidAlgorithmParams(DomainError):
    """An `exec_algorithm_params` field that is missing, malformed or out of range; names it."""

    def __init__(self, field: str, reason: str) -> None:
        self.field, self.reason = field, reason
        path = f"exec_algorithm_params.{field}" if field else "exec_algorithm_params"
        super().__init__(f"{path}: {reason}")


def _positive(field: str) -> Callable[[Any, Any, Any], None]:
    def check(_instance: Any, _attribute: Any, value: int | Decimal) -> None:
        if value <= 0:
            raise InvalidAlgorithmParams(field, "must be positive")

    return check


@attrs.frozen(kw_only=True)
class NormalParams:
    """NORMAL takes no parameters: the whole quantity is one immediate child."""


@attrs.frozen(kw_only=True)
class SlicedHorizon:
    """A horizon cut into intervals; one child slot opens at the start of each interval.

    `slice_count` is ceil(horizon / interval): slots at start + k * interval, all inside
    the horizon, never more than one interval apart.
    """

    horizon_ns: int = attrs.field(validator=_positive("horizon_secs"))
    interval_ns: int = attrs.field(validator=_positive("interval_secs"))

    def __attrs_post_init__(self) -> None:
        if self.interval_ns > self.horizon_ns:
            raise InvalidAlgorithmParams("interval_secs", "must not exceed horizon_secs")
        if self.slice_count > MAX_SLICES:
            raise InvalidAlgorithmParams(
                "interval_secs", f"gives {self.slice_count} slices, more than {MAX_SLICES}"
            )

    @property
    def slice_count(self) -> int:
        return -(-self.horizon_ns // self.interval_ns)

    def slot_times(self, start_ns: int) -> list[int]:
        return [start_ns + k * self.interval_ns for k in range(self.slice_count)]


@attrs.frozen(kw_only=True)
class TwapParams(SlicedHorizon):
    """TWAP: equal slices each interval; optional seeded jitter of the send times.

    `jitter_fraction` j (0 <= j < 0.5, default 0) moves each slot by up to +/- j * interval,
    drawn from `random.Random(seed)` so a run is reproducible; order is kept (j < 0.5) and
    times stay inside [start, start + horizon].
    """

    jitter_fraction: Decimal = Decimal(0)
    seed: int = 0

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if not Decimal(0) <= self.jitter_fraction < Decimal("0.5"):
            raise InvalidAlgorithmParams("jitter_fraction", "must be in [0, 0.5)")

    def due_times(self, start_ns: int) -> list[int]:
        slots = self.slot_times(start_ns)
        if not self.jitter_fraction:
            return slots
        rng, reach = random.Random(self.seed), float(self.jitter_fraction) * self.interval_ns
        end_ns = start_ns + self.horizon_ns
        return [min(end_ns, max(start_ns, t + int(rng.uniform(-reach, reach)))) for t in slots]


@attrs.frozen(kw_only=True)
class VwapParams(SlicedHorizon):
    """VWAP: one slice per interval weighted by `volume_profile` (one weight per interval).

    Without a profile the weights come from the caller's volume history of earlier
    periods of `profile_period_ns` (default one day): see `vwap.profile_from_history`.
    """

    volume_profile: tuple[Decimal, ...] | None = attrs.field(
        default=None, converter=attrs.converters.optional(tuple)
    )
    profile_period_ns: int = attrs.field(default=DAY_NS, validator=_positive("profile_period_secs"))

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if self.profile_period_ns < self.horizon_ns:
            raise InvalidAlgorithmParams("profile_period_secs", "must be at least horizon_secs")
        profile = self.volume_profile
        if profile is None:
            return
        if len(profile) != self.slice_count:
            raise InvalidAlgorithmParams(
                "volume_profile", f"has {len(profile)} weights for {self.slice_count} intervals"
            )
        if any(w < 0 for w in profile) or sum(profile) <= 0:
            raise InvalidAlgorithmParams("volume_profile", "weights must be >= 0, one positive")


@attrs.frozen(kw_only=True)
class IcebergParams:
    """Iceberg: at most `visible_quantity` shown at a time."""

    visible_quantity: Decimal = attrs.field(validator=_positive("visible_quantity"))


AlgorithmParams = NormalParams | TwapParams | VwapParams | IcebergParams
