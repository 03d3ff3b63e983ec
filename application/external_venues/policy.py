"""How an external venue is supervised: polling interval, health checks, reconnect backoff."""

from __future__ import annotations

import attrs
from attrs import validators as v


@attrs.frozen(kw_only=True)
class SupervisionPolicy:
    """Timings of one supervised venue, in seconds of the `Clock` port."""

    poll_interval_seconds: float = attrs.field(default=5.0, validator=v.gt(0))
    health_check_seconds: float = attrs.field(default=1.0, validator=v.gt(0))
    backoff_initial_seconds: float = attrs.field(default=0.5, validator=v.gt(0))
    backoff_multiplier: float = attrs.field(default=2.0, validator=v.ge(1))
    backoff_max_seconds: float = attrs.field(default=30.0, validator=v.gt(0))
    # Polled trades start this far before the previous poll, so none falls between polls.
    trade_lookback_seconds: float = attrs.field(default=60.0, validator=v.ge(0))


class Backoff:
    """Exponential delays between failed reconnects: initial, x multiplier, capped; reset on
    success."""

    def __init__(self, policy: SupervisionPolicy) -> None:
        self._policy = policy
        self._failures = 0

    def next_delay(self) -> float:
        policy = self._policy
        delay = policy.backoff_initial_seconds * policy.backoff_multiplier**self._failures
        self._failures += 1
        return min(delay, policy.backoff_max_seconds)

    def reset(self) -> None:
        self._failures = 0
