"""A minimal HTTP/1.1 server for the fake Deribit: JSON-RPC by POST body (or GET query),
keep-alive, and a way to lose an answer by closing the connection without one."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import attrs


@attrs.frozen(kw_only=True)
class HttpRequest:
    verb: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body, parse_float=Decimal) if self.body else {}


# The handler answers (status, body), or None to drop the connection without an answer.
Handler = Callable[[HttpRequest], Awaitable[tuple[int, bytes] | None]]
REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 503: "Service Unavailable"}


async def serve_http(handler: Handler, host: str = "127.0.0.1", port: int = 0) -> asyncio.Server:
    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while (request := await _read(reader)) is not None:
                answer = await handler(request)
                if answer is None:
                    writer.transport.abort()
                    return
                status, body = answer
                head = (
                    f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
                )
                writer.write(head.encode() + body)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    return await asyncio.start_server(connection, host, port)


async def _read(reader: asyncio.StreamReader) -> HttpRequest | None:
    line = await reader.readline()
    if not line.strip():
        return None
    verb, target, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while (raw := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = raw.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    body = await reader.readexactly(length) if length else b""
    url = urlsplit(target)
    return HttpRequest(
        verb=verb.upper(),
        path=url.path,
        query=dict(parse_qsl(url.query)),
        headers=headers,
        body=body,
    )
