"""One ASGI middleware for every route: the key and its role, the audit, the HTTP meter."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Protocol

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from structlog.contextvars import unbind_contextvars

from adapters.auth.audit import AuditEntry, AuditTrail
from entrypoints.http.access import SAFE_METHODS, Access, api_key_of, check_access

AUDIT_DETAIL = "odum.audit_detail"
REQUEST_CONTEXT = ("operation_id", "client_order_id", "venue")
# The request headers the edge and the direct routes read, by their lower-case names.
WANTED = {
    name.encode("latin-1"): name
    for name in ("authorization", "x-api-key", "content-type", "accept", "content-length")
}


class HttpMeter(Protocol):
    """Counts and times a request by method, route template and status."""

    def __call__(self, method: str, route: str, status: int, seconds: float) -> None: ...


class DirectRoute(Protocol):
    """Answers a route's requests itself when it `takes` them (the same answer as its
    handler, without Litestar's per-request machinery); the others go to the handler, and
    so may one it took, once read (`handler`: the route's own ASGI app)."""

    def takes(self, headers: Mapping[str, str]) -> bool: ...

    async def __call__(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        headers: Mapping[str, str],
        handler: ASGIApp,
    ) -> None: ...


def audit_detail(scope: Any, detail: str) -> None:
    """A handler says what the call changed (e.g. the limits a patch set or removed)."""
    scope[AUDIT_DETAIL] = detail


def request_headers(scope: Scope) -> dict[str, str]:
    """The WANTED headers of a request (the first of each name, as Litestar's `get`)."""
    found: dict[str, str] = {}
    for raw_name, raw_value in scope["headers"]:
        name = WANTED.get(raw_name) or WANTED.get(raw_name.lower())
        if name is not None and name not in found:
            found[name] = raw_value.decode("latin-1")
    return found


def edge_middleware(
    access: Access,
    trail: AuditTrail,
    meter: HttpMeter | None = None,
    direct: Mapping[tuple[str, str], DirectRoute] | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Callable[[ASGIApp], ASGIApp]:
    """Runs after routing (Litestar applies app middleware per route): the route handler
    names the role it needs. Refusals are raised and answered by the exception handlers;
    every request is metered, every mutating one audited once its status is known."""
    routes = dict(direct or {})

    def wrap(app: ASGIApp) -> ASGIApp:
        async def edge(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                headers = request_headers(scope)
                check_access(access, scope, scope["route_handler"], headers)
                await app(scope, receive, send)
                return
            # Nothing bound by an earlier request on this task; the service's run_id stays.
            unbind_contextvars(*REQUEST_CONTEXT)
            started = time.perf_counter()
            method = scope["method"]
            route = scope.get("path_template") or "unmatched"
            status = 500

            async def capture(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            try:
                headers = request_headers(scope)
                check_access(access, scope, scope["route_handler"], headers)
                answer = routes.get((method, route))
                if answer is not None and answer.takes(headers):
                    await answer(scope, receive, capture, headers, app)
                else:
                    await app(scope, receive, capture)
            except Exception as error:  # answered by the exception handlers, outside
                status = getattr(error, "status_code", 500)
                raise
            finally:
                if meter is not None:
                    meter(method, route, status, time.perf_counter() - started)
                if method not in SAFE_METHODS:
                    _audit(trail, scope, status, now())

        return edge

    return wrap


def _audit(trail: AuditTrail, scope: Scope, status: int, at: datetime) -> None:
    key = api_key_of(scope)
    trail.record(
        AuditEntry(
            at=at,
            key_id=key.key_id if key else None,
            role=key.role.label if key else None,
            method=scope["method"],
            path=scope["path"],
            status_code=status,
            detail=scope.get(AUDIT_DETAIL),  # type: ignore[call-overload]
        )
    )
