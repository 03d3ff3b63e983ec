"""JSON-RPC 2.0 over one Deribit WebSocket: ids, futures, a reader task, heartbeat answers."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Callable
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection

from adapters.deribit.codec import decode, encode
from adapters.deribit.errors import ConnectionLost, DeribitApiError, NotConnected

log = logging.getLogger(__name__)


class _NoFrameLog(logging.LoggerAdapter[logging.Logger]):
    """websockets' logger without DEBUG: its frame log would show `public/auth` with the
    client secret and every token. Warnings and errors still go through."""

    def isEnabledFor(self, level: int) -> bool:  # noqa: N802 (logging's name)
        return level > logging.DEBUG and self.logger.isEnabledFor(level)


_ws_log = _NoFrameLog(logging.getLogger("websockets.client"))

OnNotification = Callable[[str, Any], None]


class DeribitWebSocket:
    """One connection. `call` sends a request and awaits its answer; notifications go to
    `on_notification(channel, data)` in arrival order; `on_close` runs once when it ends."""

    def __init__(
        self,
        url: str,
        *,
        on_notification: OnNotification,
        on_close: Callable[[], None],
        request_timeout_s: float,
        silence_limit_s: float | None = None,
    ) -> None:
        self._url, self._timeout = url, request_timeout_s
        # Deribit sends a heartbeat every interval once `public/set_heartbeat` is on: this
        # long without any message, the connection is stale although TCP never said so.
        self._silence_limit_s = silence_limit_s
        self._on_notification, self._on_close = on_notification, on_close
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._connection: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[Any]] = set()
        self.test_requests_answered = 0

    @property
    def is_open(self) -> bool:
        return self._reader is not None and not self._reader.done()

    async def open(self, timeout_s: float) -> None:
        try:
            self._connection = await websockets.connect(
                self._url,
                open_timeout=timeout_s,
                max_size=2**24,
                ping_interval=None,
                logger=_ws_log,
            )
        except (OSError, TimeoutError, websockets.InvalidHandshake) as failure:
            raise ConnectionLost(f"cannot connect: {type(failure).__name__}") from None
        self._reader = asyncio.create_task(self._read(), name="deribit-ws-reader")

    async def call(self, method: str, params: dict[str, Any] | None = None) -> Any:
        if not self.is_open or self._connection is None:
            raise NotConnected("not connected")
        request_id = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = future
        message = {"jsonrpc": "2.0", "id": request_id, "method": method, "params": params or {}}
        try:
            await self._connection.send(encode(message))
            async with asyncio.timeout(self._timeout):
                return await future
        except websockets.ConnectionClosed:
            raise ConnectionLost(f"closed while sending {method}") from None
        except TimeoutError:
            raise ConnectionLost(f"no answer to {method} in {self._timeout}s") from None
        finally:
            self._pending.pop(request_id, None)

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
        if self._reader is not None:
            await finished(self._reader)
        for task in list(self._background):
            task.cancel()

    async def _read(self) -> None:
        connection = self._connection
        assert connection is not None
        try:
            while True:
                async with asyncio.timeout(self._silence_limit_s):
                    raw = await connection.recv()
                self._dispatch(decode(raw))
        except websockets.ConnectionClosed:
            pass
        except TimeoutError:
            log.warning(
                "Deribit sent nothing for %ss: connection stale, closing it", self._silence_limit_s
            )
            connection.transport.abort()  # no close handshake: the peer does not answer
        except Exception:  # a reader that dies silently would hang every caller
            log.exception("Deribit reader failed")
        finally:
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(ConnectionLost("connection closed"))
            self._on_close()

    def _dispatch(self, message: dict[str, Any]) -> None:
        request_id = message.get("id")
        if request_id is not None:
            future = self._pending.get(request_id)
            if future is None or future.done():
                return
            if "error" in message:
                future.set_exception(DeribitApiError.from_json(message["error"]))
            else:
                future.set_result(message.get("result"))
            return
        method, params = message.get("method"), message.get("params") or {}
        if method == "subscription":
            self._on_notification(params.get("channel", ""), params.get("data"))
        elif method == "heartbeat" and params.get("type") == "test_request":
            task = asyncio.create_task(self._answer_test_request())
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    async def _answer_test_request(self) -> None:
        # Unanswered test requests make Deribit close the connection (and cancel orders if
        # cancel-on-disconnect is on), so this bypasses the credit limiter.
        with contextlib.suppress(ConnectionLost, DeribitApiError):
            await self.call("public/test")
            self.test_requests_answered += 1


async def finished(task: asyncio.Task[Any]) -> None:
    """Wait for `task` to end. Its own cancellation is expected; a cancellation of the
    waiter (a supervisor stopping) is passed on, never swallowed with it."""
    try:
        await task
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise
