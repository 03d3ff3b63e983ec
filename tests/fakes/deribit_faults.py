"""Failures the fake Deribit can be told to inject."""

from __future__ import annotations

import attrs

from tests.fakes.deribit_exchange import ExchangeError

NEVER_FAILED = {"public/test", "public/auth"}


@attrs.define
class FaultPlan:
    """Failures to inject: error answers (per method or any), delays, dropped answers."""

    errors: list[tuple[str | None, int, str]] = attrs.field(factory=list)
    delays: dict[str, float] = attrs.field(factory=dict)
    drop_after: set[str] = attrs.field(factory=set)
    http_down: bool = False
    # Notifications silently lost (the stream misses events; queries still see them).
    mute_notifications: bool = False

    def fail_next(
        self, method: str | None, code: int, message: str = "error", count: int = 1
    ) -> None:
        """The next `count` calls of `method` (None: any but auth/test) answer this error."""
        self.errors += [(method, code, message)] * count

    def rate_limit_next(self, count: int = 1, method: str | None = None) -> None:
        self.fail_next(method, 10028, "too_many_requests", count)

    def take_error(self, method: str) -> ExchangeError | None:
        for index, (wanted, code, message) in enumerate(self.errors):
            if wanted == method or (wanted is None and method not in NEVER_FAILED):
                del self.errors[index]
                return ExchangeError(code, message)
        return None
