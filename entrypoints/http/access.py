"""Who may call what: an API key per request, its role checked against the route's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote_to_bytes

import attrs
from litestar.exceptions import (
    ClientException,
    NotAuthorizedException,
    PermissionDeniedException,
)
from litestar.handlers.base import BaseRouteHandler

from adapters.auth.keys import ApiKey, KeyRing, Role

# Open to anyone who can reach the port: liveness, the status page, metrics.
PUBLIC_PREFIXES = ("/api/health", "/status", "/metrics")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
# Handlers name a role above the default with `opt={ROLE: Role.OPERATOR}`.
ROLE = "role"
# Handlers open to everyone say `opt={PUBLIC: True}`: the web app's shell and assets (no data),
# and its proxy to the other service, which checks the forwarded key itself.
PUBLIC = "public"
SCOPE_KEY = "odum.api_key"
_CONTROL = frozenset(range(0x20)) | {0x7F}
HOW = "send Authorization: Bearer <key> or X-API-Key: <key>"


@attrs.frozen(kw_only=True)
class Access:
    """The accepted keys, and whether keyless reads are allowed from loopback clients."""

    keys: KeyRing
    open_reads_on_loopback: bool = False


def is_public(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in PUBLIC_PREFIXES)


def required_role(method: str, handler: BaseRouteHandler) -> Role:
    named = handler.opt.get(ROLE)
    if named is not None:
        return Role(named)
    return Role.VIEWER if method in SAFE_METHODS else Role.TRADER


def presented_key(headers: Mapping[str, str]) -> str | None:
    authorization = headers.get("authorization")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return token.strip()
    key = headers.get("x-api-key")
    return key.strip() if key and key.strip() else None


def api_key_of(scope: Any) -> ApiKey | None:
    return scope.get(SCOPE_KEY)


def check_access(
    access: Access, scope: Any, handler: BaseRouteHandler, headers: Mapping[str, str]
) -> None:
    """401 without a known key, 403 when the key's role is too low; the key found is put in
    the scope (`api_key_of`). `headers`: the request's, by lower-case name."""
    if is_public(scope["path"]) or handler.opt.get(PUBLIC):
        return
    needed = required_role(scope.get("method", "GET"), handler)
    presented = presented_key(headers)
    if presented is None:
        client = scope.get("client") or ("",)
        if needed is Role.VIEWER and access.open_reads_on_loopback and client[0] in LOOPBACK:
            return
        raise NotAuthorizedException(
            detail=f"API key required (role {needed.label} or above): {HOW}",
            extra={"missing": "api_key", "required_role": needed.label},
        )
    key = access.keys.identify(presented)
    if key is None:
        raise NotAuthorizedException(
            detail=f"API key not recognised: {HOW} with a key the service knows",
            extra={"missing": "valid api_key", "required_role": needed.label},
        )
    scope[SCOPE_KEY] = key
    if key.role < needed:
        raise PermissionDeniedException(
            detail=f"key {key.key_id!r} has role {key.role.label}; this needs {needed.label}",
            extra={"missing": f"role {needed.label}", "key_id": key.key_id},
        )
    _screen(scope)


def _screen(scope: Any) -> None:
    """NUL and control characters in a path or query never reach a handler or the database."""
    path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogatepass")
    for where, raw in (("path", path), ("query", scope.get("query_string", b""))):
        if raw and _CONTROL.intersection(unquote_to_bytes(raw)):
            raise ClientException(
                detail=f"{where}: control characters (NUL, newline...) are not allowed",
                extra=[f"{where}: contains a control character"],
            )
