"""`RedisEventStream`: order, fill and position events appended to Redis streams."""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from adapters.redis.config import RedisConfig
from adapters.serialization.converter import make_converter

log = logging.getLogger(__name__)

ORDER_TOPICS = frozenset(
    {"order.created", "order.rejected", "order.accepted", "order.closed", "order.unknown"}
)
HIDDEN_ORDER_FIELDS = ("seen_trade_ids", "version")
RETRY_FIRST_S, RETRY_MAX_S = 0.5, 5.0


class RedisEventStream:
    """An event-publisher subscriber for the strategy-service: `{prefix}:orders`,
    `{prefix}:fills` and `{prefix}:positions` (the unified position after each fill), each
    entry `{"topic": ..., "data": <JSON>}`, read with XREAD / XREADGROUP.

    Publishing only serialises and queues: a task of the running loop sends the queue in
    pipelined XADDs (streams capped near `stream_max_length`). When Redis is down the
    oldest queued events are dropped past `buffer_size` and the send is tried again, sooner
    or later (`RETRY_FIRST_S` doubling to `RETRY_MAX_S`), also when no event follows; the
    order path never waits."""

    def __init__(
        self,
        config: RedisConfig,
        *,
        position_of: Callable[[str], Any] | None = None,
        buffer_size: int = 10_000,
    ) -> None:
        self._config, self._position_of = config, position_of
        self._converter = make_converter()
        self._queue: deque[tuple[str, dict[str, str]]] = deque(maxlen=buffer_size)
        self._flushing: asyncio.Task[None] | None = None
        self._retry: asyncio.TimerHandle | None = None
        self._retry_delay = RETRY_FIRST_S
        self._client: Any = None
        self.sent = 0
        self.failures = 0

    def stream(self, kind: str) -> str:
        return f"{self._config.stream_prefix}:{kind}"

    def __call__(self, topic: str, event: object) -> None:
        if topic in ORDER_TOPICS:
            self._append("orders", topic, self._order(event))
        elif topic == "order.filled":
            order, fill = event  # type: ignore[misc]
            self._append("fills", topic, self._converter.unstructure(fill))
            if not order.is_open:  # completed by this fill: no other event says so
                self._append("orders", topic, self._order(order))
            if self._position_of is not None:
                position = self._position_of(fill.instrument_key)
                self._append("positions", "position.changed", self._converter.unstructure(position))
        else:
            return
        self._schedule()

    def _order(self, event: object) -> dict[str, Any]:
        data = self._converter.unstructure(event)
        for name in HIDDEN_ORDER_FIELDS:
            data.pop(name, None)
        return data

    def _append(self, kind: str, topic: str, data: dict[str, Any]) -> None:
        payload = json.dumps(data, default=_jsonable, separators=(",", ":"))
        self._queue.append((self.stream(kind), {"topic": topic, "data": payload}))

    def _schedule(self) -> None:
        if self._flushing is not None and not self._flushing.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (a sync caller): the next publish in a loop sends it
            return
        self._flushing = loop.create_task(self.flush(), name="redis-event-stream")

    async def flush(self) -> None:
        """Send everything queued (also called at shutdown)."""
        while self._queue:
            batch = [self._queue.popleft() for _ in range(min(len(self._queue), 500))]
            try:
                pipe = self._redis().pipeline(transaction=False)
                for stream, fields in batch:
                    pipe.xadd(
                        stream, fields, maxlen=self._config.stream_max_length, approximate=True
                    )
                await pipe.execute()
            except Exception as error:
                self.failures += 1
                self._requeue(batch)
                self._retry_later()
                if self.failures == 1 or self.failures % 100 == 0:
                    log.warning(
                        "redis event stream at %s: %s (%d failures, %d queued)",
                        self._config.safe_url, type(error).__name__, self.failures,
                        len(self._queue),
                    )  # fmt: skip
                return
            self.sent += len(batch)
            self._retry_delay = RETRY_FIRST_S

    def _requeue(self, batch: list[tuple[str, dict[str, str]]]) -> None:
        """The unsent batch goes back in front; past the cap the oldest are dropped."""
        kept = [*batch, *self._queue][-(self._queue.maxlen or 0) :]
        self._queue.clear()
        self._queue.extend(kept)

    def _retry_later(self) -> None:
        if self._retry is not None and not self._retry.cancelled():
            self._retry.cancel()
        delay, self._retry_delay = self._retry_delay, min(self._retry_delay * 2, RETRY_MAX_S)
        self._retry = asyncio.get_running_loop().call_later(delay, self._schedule)

    def _redis(self) -> Any:
        if self._client is None:
            import redis.asyncio as redis

            self._client = redis.Redis.from_url(
                self._config.url, socket_connect_timeout=2.0, socket_timeout=2.0
            )
        return self._client

    async def close(self) -> None:
        if self._retry is not None:
            self._retry.cancel()
        await self.flush()
        if self._retry is not None:  # a failed last send schedules no more tries
            self._retry.cancel()
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def _jsonable(value: Any) -> Any:
    if isinstance(value, set | frozenset):
        return sorted(value)
    return str(value)
