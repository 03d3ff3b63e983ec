"""`POST /api/orders` with a JSON body, answered by the edge without Litestar's per-request
machinery (request object, kwargs and signature models, DTO, response object): the same
strict decoding, the same command and the same answers, errors included, as the handler."""

from __future__ import annotations

import math
from collections.abc import Mapping

import msgspec
from litestar.exceptions import InternalServerException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.middleware._internal.exceptions import ExceptionHandlerMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from application.execution.orchestrator import ExecutionOrchestrator
from entrypoints.http.bodies import JSON, decode_json, media_type
from entrypoints.http.order_bodies import OrderBody
from entrypoints.http.order_submit import submitted
from entrypoints.http.protobuf_codec import wants_protobuf

_CONTENT_TYPE = (b"content-type", JSON.encode())
_encode = msgspec.json.Encoder().encode


def _no_app(scope: Scope, receive: Receive, send: Send) -> None:
    raise AssertionError("only its exception handling is used")


class DirectOrderSubmit:
    """Takes JSON orders answered in JSON; protobuf, other media types and malformed
    headers go to the route handler, which answers them as before."""

    def __init__(self, orchestrator: ExecutionOrchestrator) -> None:
        self._orchestrator = orchestrator
        # Litestar's own answer to an exception (the app's handlers for the route).
        self._errors = ExceptionHandlerMiddleware(app=_no_app, debug=None)  # type: ignore[arg-type]

    def takes(self, headers: Mapping[str, str]) -> bool:
        content_type, length = headers.get("content-type"), headers.get("content-length")
        if length is not None and not (length.isascii() and length.isdigit()):
            return False  # Litestar names the bad content-length
        return media_type(content_type) == JSON and not wants_protobuf(
            content_type, headers.get("accept")
        )

    async def __call__(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        headers: Mapping[str, str],
        handler: ASGIApp,
    ) -> None:
        try:
            limit = scope["route_handler"].resolve_request_max_body_size() or math.inf
            raw = await _body(receive, headers.get("content-length"), limit)
            if not raw:  # Litestar's own answer to a missing body
                await handler(scope, _replay(raw, receive), send)
                return
            status, result = await submitted(self._orchestrator, decode_json(raw, OrderBody))
            content = _encode(result)
        except Exception as error:
            app = scope["litestar_app"]  # type: ignore[typeddict-item]
            await self._errors.handle_request_exception(app, scope, receive, send, error)
            return
        length = (b"content-length", str(len(content)).encode())
        await send(
            {"type": "http.response.start", "status": status, "headers": [_CONTENT_TYPE, length]}
        )
        await send({"type": "http.response.body", "body": content, "more_body": False})


async def _body(receive: Receive, declared: str | None, limit: float) -> bytes:
    """As `Request.body`: the declared and the streamed size both within the limit."""
    if declared is not None and int(declared) > limit:
        raise RequestEntityTooLarge
    chunks: list[bytes] = []
    total = 0
    while True:
        message = await receive()
        if message["type"] == "http.request":
            chunk = message.get("body", b"")
            if chunk:
                total += len(chunk)
                if total > limit:
                    raise RequestEntityTooLarge
                chunks.append(chunk)
            if not message.get("more_body", False):
                return chunks[0] if len(chunks) == 1 else b"".join(chunks)
        elif message["type"] == "http.disconnect":
            raise InternalServerException("client disconnected prematurely")


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body already read, then whatever the client sends next (a disconnect)."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replayed() -> Message:
        return pending.pop() if pending else await receive()  # type: ignore[return-value]

    return replayed
