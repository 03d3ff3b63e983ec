"""What the emulators' servers share: a free loopback port, in-order delivery to sockets."""

from __future__ import annotations

import asyncio

from aiohttp import web


async def listen(app: web.Application) -> tuple[web.AppRunner, int]:
    """Serve `app` on 127.0.0.1, on a free port; the runner (to clean up) and the port."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]


class Outboxes:
    """`send(socket, text)` queues; the socket's writer sends in the order queued (the
    exchanges publish synchronously, sockets send asynchronously)."""

    def __init__(self) -> None:
        self._queues: dict[web.WebSocketResponse, asyncio.Queue[str]] = {}
        self._writers: set[asyncio.Future[None]] = set()

    def send(self, socket: web.WebSocketResponse, payload: str) -> None:
        if socket.closed:
            return
        queue = self._queues.get(socket)
        if queue is None:
            queue = self._queues[socket] = asyncio.Queue()
            self._writers.add(asyncio.ensure_future(self._write(socket, queue)))
        queue.put_nowait(payload)

    def cancel(self) -> None:
        for writer in self._writers:
            writer.cancel()

    async def _write(self, socket: web.WebSocketResponse, queue: asyncio.Queue[str]) -> None:
        try:
            while not socket.closed:
                await socket.send_str(await queue.get())
        except (ConnectionError, RuntimeError):
            pass
        finally:
            self._queues.pop(socket, None)
