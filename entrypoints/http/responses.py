"""Error answers as OpenAPI documents them: one exception type per status code."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.exceptions import (
    ClientException,
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
)
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
_PROTECTED = [ClientException, NotAuthorizedException, PermissionDeniedException]
_WITH_BODY = [PayloadTooLarge, UnsupportedMediaType]


def document_errors(app: Litestar) -> Litestar:
    """Every protected route documents 400, 401 and 403; routes with a body 413 and 415.
    Applied after registration so routes added by any module are covered alike."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or is_public(route.path):
            continue
        for handler in route.route_handlers:
            extra: list[Any] = list(_PROTECTED)
            if not set(handler.http_methods) <= SAFE_METHODS:
                extra += _WITH_BODY
            declared = list(handler.raises or [])
            handler.raises = declared + [e for e in extra if e not in declared]
    return app
