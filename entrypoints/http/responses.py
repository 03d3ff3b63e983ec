"""Error answers as OpenAPI documents them: one exception type per status code."""

from __future__ import annotations

from typing import Any

from litestar import Litestar, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.openapi.spec import Components, SecurityScheme
from litestar.routes import HTTPRoute

from entrypoints.http.access import SAFE_METHODS, is_public
from entrypoints.http.bodies import UnsupportedMediaType


def _status(code: int, text: str) -> type[HTTPException]:
    return type(text.replace(" ", ""), (HTTPException,), {"status_code": code, "detail": text})


Conflict = _status(409, "Conflict")
PayloadTooLarge = _status(413, "Request Entity Too Large")
Unprocessable = _status(422, "Unprocessable Entity")
BadGateway = _status(502, "Bad Gateway")
Unavailable = _status(503, "Service Unavailable")

READ_ERRORS: list[type[HTTPException]] = [NotFoundException, Unavailable]
WRITE_ERRORS: list[type[HTTPException]] = [*READ_ERRORS, Conflict, Unprocessable, BadGateway]
ORDER_ERRORS: list[type[HTTPException]] = WRITE_ERRORS
# 400 is Litestar's ValidationException, so a handler documents one 400 schema, not two.
_PROTECTED = [ValidationException, NotAuthorizedException, PermissionDeniedException]
SECURITY_SCHEMES = Components(
    security_schemes={
        "bearer": SecurityScheme(type="http", scheme="bearer", description="an API key"),
        "apiKey": SecurityScheme(type="apiKey", name="X-API-Key", security_scheme_in="header"),
    }
)
_EITHER_KEY: list[dict[str, list[str]]] = [{"bearer": []}, {"apiKey": []}]
_WITH_BODY = [PayloadTooLarge, UnsupportedMediaType]


def document_errors(app: Litestar) -> Litestar:
    """Every protected route documents its key, 400, 401 and 403; routes with a body 413 and
    415. Applied after registration so routes added by any module are covered alike."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        _fix_allow(route)
        if is_public(route.path):
            continue
        for handler in route.route_handlers:
            handler.security = _EITHER_KEY  # type: ignore[assignment]
            extra: list[Any] = list(_PROTECTED)
            if not set(handler.http_methods) <= SAFE_METHODS:
                extra += _WITH_BODY
            declared = list(handler.raises or [])
            handler.raises = declared + [e for e in extra if e not in declared]
    return app


def _fix_allow(route: HTTPRoute) -> None:
    """Litestar's automatic OPTIONS answer lists the methods of the first handler registered
    at the path; answer with every method of the merged route instead."""
    allow = ", ".join(sorted(route.methods))
    for handler in route.route_handlers:
        if handler.http_methods == {"OPTIONS"} and handler.handler_name == "options_handler":

            def options_handler(scope: Any) -> Response[None]:
                return Response(
                    None, status_code=204, headers={"Allow": allow}, media_type="text/plain"
                )

            handler._fn = options_handler
