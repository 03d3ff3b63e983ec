"""Retry policy with exponential backoff for retryable venue errors."""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """`max_attempts` counts the first try; delays grow by `multiplier` up to `max_delay`."""

    max_attempts: int = 3
    base_delay_seconds: float = 0.05
    multiplier: float = 2.0
    max_delay_seconds: float = 2.0

    def delay_before(self, attempt: int) -> float:
        """Delay before attempt number `attempt` (2 = first retry)."""
        if attempt <= 1:
            return 0.0
        delay = self.base_delay_seconds * self.multiplier ** (attempt - 2)
        return min(delay, self.max_delay_seconds)
