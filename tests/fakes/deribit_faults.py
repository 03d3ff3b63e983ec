"""Failures the fake Deribit can be told to inject (see `FaultPlan`)."""

from __future__ import annotations

from typing import Literal

import attrs

from tests.fakes.deribit_exchange import ExchangeError

NEVER_FAILED = {"public/test", "public/auth"}
# How an answer gets lost: after the work, never sent (the caller times out) or the socket cut
# without a close frame (the caller sees the connection drop mid-request); or the socket cut
# before the request was processed ("drop_unprocessed": nothing was done).
LossMode = Literal["silence", "drop", "drop_unprocessed"]


@attrs.define
class _Rule:
    method: str | None
    count: int
    code: int = 0
    message: str = ""
    mode: LossMode = "drop"

    def matches(self, method: str) -> bool:
        return self.method == method or (self.method is None and method not in NEVER_FAILED)


@attrs.define
class FaultPlan:
    """Failures to inject, each for the next `count` matching calls (`method=None`: any call
    but `public/auth` and `public/test`):

    - `fail_next(method, code)`: refuse BEFORE doing the work (a definite refusal).
    - `error_after_work(method, code)`: do the work (the order is placed, cancelled...), then
      answer the error anyway, as Deribit can for 11094, 13028, 10028, 10010...
    - `lose_answer(method, mode)`: do the work, then lose the answer: `"silence"` sends nothing
      (the caller times out), `"drop"` cuts the socket (the caller sees a disconnect);
      `"drop_unprocessed"` cuts the socket without doing the work.
    - `delays[method] = s`: answer that method after `s` seconds.
    - `http_down`: every HTTP request answers 503; `mute_notifications`: subscriptions miss
      events (queries still see them).
    - `silent`: a stale connection: every WebSocket stays open but nothing flows to the
      client (no answers, notifications or heartbeats).
    """

    refusals: list[_Rule] = attrs.field(factory=list)
    after_work: list[_Rule] = attrs.field(factory=list)
    losses: list[_Rule] = attrs.field(factory=list)
    delays: dict[str, float] = attrs.field(factory=dict)
    http_down: bool = False
    mute_notifications: bool = False
    silent: bool = False

    def fail_next(
        self, method: str | None, code: int, message: str = "error", count: int = 1
    ) -> None:
        self.refusals.append(_Rule(method, count, code, message))

    def rate_limit_next(self, count: int = 1, method: str | None = None) -> None:
        self.fail_next(method, 10028, "too_many_requests", count)

    def error_after_work(
        self, method: str | None, code: int, message: str = "error", count: int = 1
    ) -> None:
        self.after_work.append(_Rule(method, count, code, message))

    def lose_answer(self, method: str | None, mode: LossMode = "drop", count: int = 1) -> None:
        self.losses.append(_Rule(method, count, mode=mode))

    def clear(self) -> None:
        self.refusals.clear()
        self.after_work.clear()
        self.losses.clear()
        self.delays.clear()
        self.http_down = self.mute_notifications = self.silent = False

    def take_error(self, method: str) -> ExchangeError | None:
        rule = _take(self.refusals, method)
        return None if rule is None else ExchangeError(rule.code, rule.message)

    def take_error_after_work(self, method: str) -> ExchangeError | None:
        rule = _take(self.after_work, method)
        return None if rule is None else ExchangeError(rule.code, rule.message)

    def take_loss(self, method: str) -> LossMode | None:
        rule = _take(self.losses, method)
        return None if rule is None else rule.mode


def _take(rules: list[_Rule], method: str) -> _Rule | None:
    for rule in rules:
        if rule.matches(method):
            rule.count -= 1
            if rule.count <= 0:
                rules.remove(rule)
            return rule
    return None
