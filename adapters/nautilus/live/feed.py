"""A node data client that replays recorded ticks as live market data (paper, offline)."""

from __future__ import annotations

import asyncio
from typing import Any

from nautilus_trader.common.providers import InstrumentProvider
from nautilus_trader.config import LiveDataClientConfig
from nautilus_trader.live.data_client import LiveMarketDataClient
from nautilus_trader.live.factories import LiveDataClientFactory
from nautilus_trader.model.identifiers import ClientId, InstrumentId, Venue

from adapters.nautilus.live.recorded import RecordedTick, book_deltas, load_recorded
from domain.book import OrderBook


class ReplayDataClientConfig(LiveDataClientConfig, frozen=True, kw_only=True):
    """Which files to replay for which instruments (our key -> nautilus id), and how fast."""

    venue: str
    instrument_ids: dict[str, str]
    trades_csv: str | None = None
    quotes_csv: str | None = None
    autoplay: bool = True
    speed: float = 0.0
    batch: int = 200


class ReplayDataClient(LiveMarketDataClient):
    """Publishes recorded quotes and trades through the data engine, stamped with the node's
    clock, so that strategies, the sandbox's matching engine and the cache see them as live.
    The instruments must be in the cache before the node connects its clients."""

    def __init__(
        self,
        *,
        loop: asyncio.AbstractEventLoop,
        name: str,
        config: ReplayDataClientConfig,
        msgbus: Any,
        cache: Any,
        clock: Any,
    ) -> None:
        super().__init__(
            loop=loop,
            client_id=ClientId(name),
            venue=Venue(config.venue),
            msgbus=msgbus,
            cache=cache,
            clock=clock,
            instrument_provider=InstrumentProvider(),
            config=config,
        )
        self._replay = config
        self._ticks: list[RecordedTick] = []
        self._next = 0

    @property
    def remaining(self) -> int:
        return len(self._ticks) - self._next

    @property
    def published(self) -> int:
        return self._next

    async def _connect(self) -> None:
        instruments = {}
        for key, nautilus_id in self._replay.instrument_ids.items():
            instrument = self._cache.instrument(InstrumentId.from_str(nautilus_id))
            if instrument is not None:
                instruments[key] = instrument
        config = self._replay
        self._ticks = load_recorded(config.trades_csv, config.quotes_csv, instruments)
        self._next = 0
        if config.autoplay:
            self.create_task(self.play(), log_msg="replay recorded ticks")

    async def _disconnect(self) -> None:
        """Nothing to close; the playing task is cancelled with the client's other tasks."""

    async def advance(self, count: int) -> int:
        """Publish the next `count` ticks now; returns how many there were."""
        end = min(self._next + count, len(self._ticks))
        published = end - self._next
        while self._next < end:
            self._handle_data(self._ticks[self._next].at(self._clock.timestamp_ns()))
            self._next += 1
        await asyncio.sleep(0)
        return published

    async def publish_book(self, book: OrderBook) -> None:
        """Publish a whole book of one of our listings now (a depth sandbox matches it)."""
        nautilus_id = self._replay.instrument_ids[book.instrument_key]
        instrument = self._cache.instrument(InstrumentId.from_str(nautilus_id))
        self._handle_data(book_deltas(instrument, book, self._clock.timestamp_ns()))
        await asyncio.sleep(0)

    async def play(self) -> None:
        """Publish every remaining tick: in batches, or paced by the recorded gaps."""
        speed = self._replay.speed
        while self.remaining:
            if speed <= 0:
                await self.advance(self._replay.batch)
                continue
            if self._next:
                gap_ns = (
                    self._ticks[self._next].ts_recorded - self._ticks[self._next - 1].ts_recorded
                )
                if gap_ns > 0:
                    await asyncio.sleep(gap_ns / 1e9 / speed)
            await self.advance(1)

    # Subscriptions change nothing: every recorded tick is published.
    async def _subscribe_quote_ticks(self, command: Any) -> None:
        return None

    async def _subscribe_trade_ticks(self, command: Any) -> None:
        return None

    async def _unsubscribe_quote_ticks(self, command: Any) -> None:
        return None

    async def _unsubscribe_trade_ticks(self, command: Any) -> None:
        return None


def replay_factory(feeds: dict[str, ReplayDataClient]) -> type[LiveDataClientFactory]:
    """A factory class whose clients are also kept in `feeds` by name (for `advance`)."""

    class ReplayDataClientFactory(LiveDataClientFactory):
        @staticmethod
        def create(  # type: ignore[override]
            loop: asyncio.AbstractEventLoop,
            name: str,
            config: ReplayDataClientConfig,
            msgbus: Any,
            cache: Any,
            clock: Any,
        ) -> ReplayDataClient:
            client = ReplayDataClient(
                loop=loop, name=name, config=config, msgbus=msgbus, cache=cache, clock=clock
            )
            feeds[name] = client
            return client

    return ReplayDataClientFactory
