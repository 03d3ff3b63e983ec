"""Domain errors turned into HTTP answers: 4xx that name the field, never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from adapters.auth.audit import escaped
from application.execution.cancel_order import NotCancelable, OrderNotFound
from domain.errors import (
    InvalidInstrumentKey,
    InvalidOrderRequest,
    PersistenceUnavailable,
    VenueError,
)
from entrypoints.http.messages import BadRequest

log = logging.getLogger(__name__)


def _body(
    status: int, detail: str, problems: Any = None, headers: dict[str, str] | None = None
) -> Response[dict[str, Any]]:
    """Litestar's error shape, as OpenAPI declares it: `extra` lists the problems."""
    content: dict[str, Any] = {"status_code": status, "detail": detail, "extra": problems or []}
    return Response(content, status_code=status, headers=headers)


def _bad_request(_: Request[Any, Any, Any], exc: BadRequest) -> Response[dict[str, Any]]:
    return _body(400, "invalid request", exc.problems)


def _invalid_order(_: Request[Any, Any, Any], exc: InvalidOrderRequest) -> Response[dict[str, Any]]:
    return _body(422, "invalid order", [f"{exc.field}: {exc.reason}"])


def _invalid_key(_: Request[Any, Any, Any], exc: InvalidInstrumentKey) -> Response[dict[str, Any]]:
    return _body(422, "invalid order", [f"instrument_key: {exc}"])


def _not_found(_: Request[Any, Any, Any], exc: OrderNotFound) -> Response[dict[str, Any]]:
    return _body(404, str(exc))


def _conflict(_: Request[Any, Any, Any], exc: NotCancelable) -> Response[dict[str, Any]]:
    return _body(409, str(exc))


def _unavailable(
    _: Request[Any, Any, Any], exc: PersistenceUnavailable
) -> Response[dict[str, Any]]:
    return _body(503, f"order store unavailable, nothing was sent to any venue: {exc}")


def _venue(_: Request[Any, Any, Any], exc: VenueError) -> Response[dict[str, Any]]:
    return _body(502, f"venue {exc.venue} answered [{exc.code}] {exc.message}")


def _validation(_: Request[Any, Any, Any], exc: ValidationException) -> Response[dict[str, Any]]:
    problems = [
        f"{item.get('key') or item.get('source')}: {item.get('message')}"
        for item in (exc.extra or [])
        if isinstance(item, dict)
    ]
    return _body(400, exc.detail or "invalid request", problems)


def _http(_: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    return _body(exc.status_code, exc.detail, exc.extra, exc.headers)


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    log.exception(
        "unhandled error on %s %s", escaped(request.method), escaped(request.scope["path"])
    )
    return _body(500, "internal error; see the service log")


EXCEPTION_HANDLERS: dict[type[Exception], Any] = {
    BadRequest: _bad_request,
    InvalidOrderRequest: _invalid_order,
    InvalidInstrumentKey: _invalid_key,
    OrderNotFound: _not_found,
    NotCancelable: _conflict,
    PersistenceUnavailable: _unavailable,
    VenueError: _venue,
    ValidationException: _validation,
    HTTPException: _http,
    Exception: _unexpected,
}
