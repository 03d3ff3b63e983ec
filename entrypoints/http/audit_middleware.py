"""ASGI middleware that audits every mutating call once its answer is known."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from adapters.auth.audit import AuditEntry, AuditTrail
from entrypoints.http.access import SAFE_METHODS, api_key_of

AUDIT_DETAIL = "odum.audit_detail"


def audit_detail(scope: Any, detail: str) -> None:
    """A handler says what the call changed (e.g. the limits a patch set or removed)."""
    scope[AUDIT_DETAIL] = detail


def audit_middleware(
    trail: AuditTrail, now: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> Callable[[ASGIApp], ASGIApp]:
    def wrap(app: ASGIApp) -> ASGIApp:
        async def audited(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
                await app(scope, receive, send)
                return
            status = [500]

            async def capture(message: Message) -> None:
                if message["type"] == "http.response.start":
                    status[0] = message["status"]
                await send(message)

            try:
                await app(scope, receive, capture)
            except Exception as error:  # answered by the exception handlers, outside
                status[0] = getattr(error, "status_code", 500)
                raise
            finally:
                key = api_key_of(scope)
                trail.record(
                    AuditEntry(
                        at=now(),
                        key_id=key.key_id if key else None,
                        role=key.role.label if key else None,
                        method=scope["method"],
                        path=scope["path"],
                        status_code=status[0],
                        detail=scope.get(AUDIT_DETAIL),  # type: ignore[call-overload]
                    )
                )

        return audited

    return wrap
