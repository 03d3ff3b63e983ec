"""Client-side credit limiter after Deribit's model: refilling pools, a cost per request."""

from __future__ import annotations

import asyncio

from adapters.deribit.config import CreditLimits
from ports.clock import Clock

NS = 1_000_000_000

# Requests that go through the matching engine and draw on its own, smaller pool.
MATCHING_ENGINE_METHODS: frozenset[str] = frozenset(
    {
        "private/buy",
        "private/sell",
        "private/edit",
        "private/edit_by_label",
        "private/cancel",
        "private/cancel_all",
        "private/cancel_all_by_instrument",
        "private/cancel_all_by_currency",
        "private/cancel_by_label",
        "private/close_position",
    }
)


class CreditPool:
    """A leaky bucket of credits: refills continuously at `refill_per_second` up to
    `capacity`; `take` waits (on the clock) until the cost is covered. Exact integer
    arithmetic in credit-nanoseconds, so no rounding drift."""

    def __init__(self, *, capacity: int, refill_per_second: int, clock: Clock) -> None:
        self.capacity, self.refill_per_second = capacity, refill_per_second
        self._clock = clock
        self._scaled = capacity * NS  # credits x 1e9
        self._last_ns = clock.now_ns()
        self._lock = asyncio.Lock()
        self.waits = 0

    def available(self) -> int:
        self._refill()
        return self._scaled // NS

    async def take(self, cost: int) -> None:
        """Wait until `cost` credits are there, then spend them (callers served in order)."""
        if cost > self.capacity:
            raise ValueError(f"cost {cost} exceeds pool capacity {self.capacity}")
        async with self._lock:
            while (missing := self._try_take(cost)) > 0:
                self.waits += 1
                wait_ns = -(-missing // self.refill_per_second)
                await self._clock.sleep(wait_ns / NS)

    def exhaust(self) -> None:
        """Deribit said 10028: assume the pool is empty and wait for it to refill."""
        self._refill()
        self._scaled = 0

    def _try_take(self, cost: int) -> int:
        """Spend and return 0, or return the missing amount in credit-nanoseconds."""
        self._refill()
        need = cost * NS
        if self._scaled >= need:
            self._scaled -= need
            return 0
        return need - self._scaled

    def _refill(self) -> None:
        now = self._clock.now_ns()
        elapsed = max(0, now - self._last_ns)
        self._last_ns = max(self._last_ns, now)
        self._scaled = min(self.capacity * NS, self._scaled + elapsed * self.refill_per_second)


class CreditLimiter:
    """Charges every request to the matching-engine or the non-matching pool."""

    def __init__(self, limits: CreditLimits, clock: Clock) -> None:
        self.limits = limits
        self.matching = CreditPool(
            capacity=limits.matching_capacity,
            refill_per_second=limits.matching_refill_per_second,
            clock=clock,
        )
        self.non_matching = CreditPool(
            capacity=limits.non_matching_capacity,
            refill_per_second=limits.non_matching_refill_per_second,
            clock=clock,
        )
        self.backoffs = 0

    def pool_for(self, method: str) -> tuple[CreditPool, int]:
        if method in MATCHING_ENGINE_METHODS:
            return self.matching, self.limits.matching_cost
        return self.non_matching, self.limits.non_matching_cost

    async def acquire(self, method: str) -> None:
        pool, cost = self.pool_for(method)
        await pool.take(cost)

    def back_off(self, method: str) -> None:
        self.backoffs += 1
        self.pool_for(method)[0].exhaust()
