"""Batches the requests of concurrent callers: one database round trip serves many of them."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Sequence

type BatchRunner[Request, Result] = Callable[
    [list[Request]], Awaitable[Sequence[Result | BaseException]]
]


class Coalescer[Request, Result]:
    """Requests made in the same event-loop tick, or while `lanes` batches are already in
    flight, are run together by `run` (which answers each one, in order). Under light load a
    batch holds one request and costs nothing extra; under heavy load batches grow, so the
    number of round trips (and commits) grows much slower than the number of callers."""

    def __init__(self, run: BatchRunner[Request, Result], *, lanes: int, max_batch: int) -> None:
        self._run, self._lanes, self._max_batch = run, lanes, max_batch
        self._queue: deque[tuple[Request, asyncio.Future[Result]]] = deque()
        self._active = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self.batches = 0
        self.requests = 0

    async def submit(self, request: Request) -> Result:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Result] = loop.create_future()
        self._queue.append((request, future))
        if self._active < self._lanes:
            self._active += 1
            task = loop.create_task(self._drain())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return await future

    async def _drain(self) -> None:
        batch: list[tuple[Request, asyncio.Future[Result]]] = []
        try:
            await asyncio.sleep(0)  # let the other callers of this tick join the batch
            while self._queue:
                count = min(len(self._queue), self._max_batch)
                batch = [self._queue.popleft() for _ in range(count)]
                self.batches += 1
                self.requests += count
                try:
                    results: Sequence[Result | BaseException] = await self._run(
                        [request for request, _ in batch]
                    )
                except Exception as error:  # the whole batch failed the same way
                    results = [error] * count
                _answer(batch, results)
                batch = []
        except asyncio.CancelledError:
            if self._active == 1:  # the last lane: nobody else will serve the queue
                batch.extend(self._queue)
                self._queue.clear()
            _answer(batch, [ConnectionAbortedError("batch cancelled")] * len(batch))
            raise
        finally:
            self._active -= 1


def _answer[Request, Result](
    batch: list[tuple[Request, asyncio.Future[Result]]],
    results: Sequence[Result | BaseException],
) -> None:
    for (_, future), result in zip(batch, results, strict=True):
        if future.done():
            continue
        if isinstance(result, BaseException):
            future.set_exception(result)
        else:
            future.set_result(result)
