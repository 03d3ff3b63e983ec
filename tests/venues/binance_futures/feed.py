"""The emulator's market: recorded Tardis quotes and trades of Binance futures, in time order."""

from __future__ import annotations

import asyncio
import csv
from decimal import Decimal
from pathlib import Path

import attrs

from tests.venues.binance_futures.exchange import BinanceFuturesExchange, now_ms


@attrs.frozen
class RecordedEvent:
    """One recorded quote (bid, bid size, ask, ask size) or trade (price, size, buyer maker, id)."""

    ts_us: int
    symbol: str
    quote: tuple[Decimal, Decimal, Decimal, Decimal] | None = None
    trade: tuple[Decimal, Decimal, bool, int] | None = None


def load(quotes_csv: Path | None, trades_csv: Path | None) -> list[RecordedEvent]:
    events: list[RecordedEvent] = []
    if quotes_csv is not None:
        with quotes_csv.open() as rows:
            for row in csv.DictReader(rows):
                sizes = Decimal(row["bid_amount"]), Decimal(row["ask_amount"])
                if sizes[0] > 0 and sizes[1] > 0:
                    prices = Decimal(row["bid_price"]), Decimal(row["ask_price"])
                    quote = (prices[0], sizes[0], prices[1], sizes[1])
                    events.append(RecordedEvent(int(row["timestamp"]), row["symbol"], quote=quote))
    if trades_csv is not None:
        with trades_csv.open() as rows:
            for row in csv.DictReader(rows):
                buyer_maker = row["side"] == "sell"  # the seller took the buyer's bid
                trade = (Decimal(row["price"]), Decimal(row["amount"]), buyer_maker, int(row["id"]))
                events.append(RecordedEvent(int(row["timestamp"]), row["symbol"], trade=trade))
    events.sort(key=lambda event: event.ts_us)
    return events


class RecordedMarket:
    """Moves the exchange's market through the recordings: `advance(n)` by hand, or `play`."""

    def __init__(self, exchange: BinanceFuturesExchange, events: list[RecordedEvent]) -> None:
        self.exchange, self.events, self.position = exchange, events, 0

    @property
    def remaining(self) -> int:
        return len(self.events) - self.position

    def advance(self, count: int) -> int:
        end = min(len(self.events), self.position + count)
        for event in self.events[self.position : end]:
            if event.quote is not None:
                self.exchange.on_quote(event.symbol, *event.quote)
            elif event.trade is not None:
                self.exchange.on_trade(event.symbol, *event.trade)
        moved, self.position = end - self.position, end
        return moved

    def advance_to_first_quote(self) -> None:
        while self.remaining and not self.exchange.quotes:
            self.advance(1)

    async def trade_through_at_two_moments(self) -> None:
        """The recording up to the exchange's first execution, then, once the clock has moved
        on a millisecond, the rest: partial fills at different times."""
        while self.remaining and not self.exchange.trades:
            self.advance(1)
        first = self.exchange.trades[0].time
        while now_ms() <= first:
            await asyncio.sleep(0.001)
        self.advance(self.remaining)

    async def play(self, speed: float = 1.0, batch: int = 1) -> None:
        """Replay the rest, keeping the recorded gaps divided by `speed` (0: no pauses)."""
        while self.remaining:
            before = self.events[self.position].ts_us
            self.advance(batch)
            if speed > 0 and self.remaining:
                gap = (self.events[self.position].ts_us - before) / 1e6 / speed
                await asyncio.sleep(max(gap, 0))
            else:
                await asyncio.sleep(0)
