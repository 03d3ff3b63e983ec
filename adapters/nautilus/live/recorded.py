"""Recorded Tardis trades and quotes as one time-ordered list of ticks to replay."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from nautilus_trader.model.data import (
    BookOrder,
    OrderBookDelta,
    OrderBookDeltas,
    QuoteTick,
    TradeTick,
)
from nautilus_trader.model.enums import AggressorSide, BookAction, RecordFlag
from nautilus_trader.model.enums import OrderSide as NautilusSide
from nautilus_trader.model.identifiers import TradeId
from nautilus_trader.model.instruments import Instrument

from adapters.importers.tardis import read_quotes, read_trades
from adapters.nautilus.config import NautilusBacktestConfig
from adapters.nautilus.instruments import build_instrument
from adapters.nautilus.live.config import NautilusVenueConfig
from domain.book import OrderBook
from domain.enums import VenueKind
from domain.instrument import Instrument as Listing
from domain.instrument_key import InstrumentKey
from domain.venue import Venue

_AGGRESSORS = {1: AggressorSide.BUYER, 2: AggressorSide.SELLER}


@attrs.frozen
class RecordedTick:
    """One recorded quote (bid, ask, bid size, ask size) or trade (price, size, side, id)."""

    ts_recorded: int
    instrument: Instrument
    quote: tuple[float, float, float, float] | None = None
    trade: tuple[float, float, int, str] | None = None

    def at(self, ts_ns: int) -> QuoteTick | TradeTick:
        """The tick as NautilusTrader data stamped `ts_ns` (replayed ticks happen now)."""
        i = self.instrument
        if self.quote is not None:
            bid, ask, bid_size, ask_size = self.quote
            prices = i.make_price(bid), i.make_price(ask)
            sizes = i.make_qty(bid_size), i.make_qty(ask_size)
            return QuoteTick(i.id, *prices, *sizes, ts_ns, ts_ns)
        assert self.trade is not None
        price, size, side, trade_id = self.trade
        aggressor = _AGGRESSORS.get(side, AggressorSide.NO_AGGRESSOR)
        return TradeTick(
            i.id, i.make_price(price), i.make_qty(size), aggressor, TradeId(trade_id), ts_ns, ts_ns
        )


def load_recorded(
    trades_csv: str | None, quotes_csv: str | None, instruments: Mapping[str, Instrument]
) -> list[RecordedTick]:
    """Ticks of the given instruments (by canonical key), ordered by recorded time; other
    symbols in the files, and rows whose sizes round to zero lots, are left out."""
    ticks: list[RecordedTick] = []
    if quotes_csv:
        for key, table in read_quotes(Path(quotes_csv)).items():
            if key in instruments:
                ticks += _quotes(table.to_pydict(), instruments[key])
    if trades_csv:
        for key, table in read_trades(Path(trades_csv)).items():
            if key in instruments:
                ticks += _trades(table.to_pydict(), instruments[key])
    ticks.sort(key=lambda tick: tick.ts_recorded)
    return ticks


def _positive_lots(size: Any, instrument: Instrument) -> bool:
    return size is not None and not math.isnan(size) and round(size, instrument.size_precision) > 0


def _quotes(columns: dict[str, list[Any]], instrument: Instrument) -> list[RecordedTick]:
    rows = zip(
        columns["ts_event"],
        columns["bid_price_0"],
        columns["ask_price_0"],
        columns["bid_size_0"],
        columns["ask_size_0"],
        strict=True,
    )
    return [
        RecordedTick(ts, instrument, quote=(bid, ask, bid_size, ask_size))
        for ts, bid, ask, bid_size, ask_size in rows
        if _positive_lots(bid_size, instrument) and _positive_lots(ask_size, instrument)
    ]


def _trades(columns: dict[str, list[Any]], instrument: Instrument) -> list[RecordedTick]:
    rows = zip(
        columns["ts_event"],
        columns["price"],
        columns["size"],
        columns["aggressor_side"],
        columns["trade_id"],
        strict=True,
    )
    return [
        RecordedTick(ts, instrument, trade=(price, size, side, str(trade_id)))
        for ts, price, size, side, trade_id in rows
        if _positive_lots(size, instrument)
    ]


def replay_instruments(venues: Iterable[NautilusVenueConfig]) -> list[Instrument]:
    """The nautilus instruments of replayed venues, from the increments their options give
    (no exchange to load them from); the venue's fees ride on them for the sandbox."""
    built = []
    for venue in venues:
        replay = venue.options.replay
        if replay is None:
            continue
        spec = Venue(
            venue_id=venue.venue_id,
            kind=VenueKind.NAUTILUS,
            maker_fee=venue.maker_fee,
            taker_fee=venue.taker_fee,
        )
        for key, increments in sorted(replay.instruments.items()):
            listing = _listing(InstrumentKey.parse(key), increments.tick_size, increments.lot_size)
            built.append(
                build_instrument(listing, venue.nautilus_venue, spec, NautilusBacktestConfig())
            )
    return built


def _listing(key: InstrumentKey, tick_size: Decimal, lot_size: Decimal) -> Listing:
    return Listing(
        key=key,
        venue=key.venue,
        instrument_type=key.instrument_type,
        symbol=f"{key.base}{key.quote}",
        base_asset=key.base,
        quote_asset=key.quote,
        settle_asset=key.settle_asset,
        tick_size=tick_size,
        min_size=lot_size,
        contract_size=Decimal(1),
        inverse=key.is_inverse,
        available_from=datetime.min.replace(tzinfo=UTC),
        available_to=datetime.max.replace(tzinfo=UTC),
        data_types=frozenset({"trades", "quotes"}),
    )


def book_deltas(instrument: Instrument, book: OrderBook, ts_ns: int) -> OrderBookDeltas:
    """A whole book as one snapshot (clear, then every level) for a depth book's engine."""
    levels = [(NautilusSide.BUY, level) for level in book.bids]
    levels += [(NautilusSide.SELL, level) for level in book.asks]
    deltas = [OrderBookDelta.clear(instrument.id, 0, ts_ns, ts_ns)]
    for n, (side, level) in enumerate(levels, start=1):
        order = BookOrder(
            side, instrument.make_price(level.price), instrument.make_qty(level.size), n
        )
        flags = RecordFlag.F_SNAPSHOT | (RecordFlag.F_LAST if n == len(levels) else 0)
        deltas.append(OrderBookDelta(instrument.id, BookAction.ADD, order, flags, 0, ts_ns, ts_ns))
    return OrderBookDeltas(instrument.id, deltas)
