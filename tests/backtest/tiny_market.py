"""A tiny, seeded market in CONTRACTS shapes: instruments, trades and book_snapshot_5 rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

import attrs
import numpy as np
import pyarrow as pa

from adapters.importers.tick_tables import book_table, trades_table
from domain.enums import ExecAlgorithm, OrderType
from domain.ids import SignalId, StrategyId
from domain.instrument import Instrument
from domain.instrument_key import InstrumentKey
from domain.signal import Signal

DAY = date(2024, 3, 1)
DAY_START_NS = int(datetime(2024, 3, 1, tzinfo=UTC).timestamp()) * 1_000_000_000
SECOND = 1_000_000_000
MINUTE = 60 * SECOND
BTC_BINANCE = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
BTC_BYBIT = "BYBIT:PERPETUAL:BTC-USDT@LIN"


@attrs.frozen(kw_only=True)
class Listing:
    """One instrument of the tiny market: its key, rules and price level."""

    key: str
    tick: float = 0.1
    lot: float = 0.001
    price: float = 30_000.0
    level_size: float = 2.0


def a_listing(key: str, tick: str, lot: str, contract: str = "1") -> Instrument:
    """A row of the instruments file, as the dataset reader returns it."""
    parsed = InstrumentKey.parse(key)
    return Instrument(
        key=parsed,
        venue=parsed.venue,
        instrument_type=parsed.instrument_type,
        symbol=parsed.symbol,
        base_asset=parsed.base,
        quote_asset=parsed.quote,
        settle_asset=parsed.settle_asset,
        tick_size=Decimal(tick),
        min_size=Decimal(lot),
        contract_size=Decimal(contract),
        inverse=parsed.is_inverse,
        available_from=datetime(2020, 1, 1, tzinfo=UTC),
        available_to=datetime(2030, 1, 1, tzinfo=UTC),
        data_types=frozenset({"trades", "book_snapshot_5"}),
    )


def instruments(listings: Sequence[Listing]) -> tuple[Instrument, ...]:
    return tuple(a_listing(x.key, repr(x.tick), repr(x.lot)) for x in listings)


def _walk(listing: Listing, start_ns: int, end_ns: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Mid prices on a 100 ms grid: a seeded random walk of whole ticks."""
    ts = np.arange(start_ns, end_ns, SECOND // 10, dtype=np.int64)
    rng = np.random.default_rng(seed)
    steps = rng.integers(-2, 3, ts.size)
    ticks = np.round(listing.price / listing.tick) + np.cumsum(steps)
    return ts, ticks


def trades(listing: Listing, start_ns: int, end_ns: int, seed: int = 7) -> pa.Table:
    """A trade every 100 ms at the touch, alternating buyer and seller."""
    ts, ticks = _walk(listing, start_ns, end_ns, seed)
    sides = np.where(np.arange(ts.size) % 2 == 0, 1, 2)
    price = (ticks + np.where(sides == 1, 1, -1)) * listing.tick
    size = np.full(ts.size, listing.lot * 10)
    ids = pa.array([f"{listing.key[:3]}{seed}-{t}" for t in ts.tolist()])
    return trades_table(
        listing.key,
        price=np.round(price, 8),
        size=size,
        aggressor_side=sides,
        trade_id=ids,
        ts_event=ts,
        ts_init=ts,
    )


def books(listing: Listing, start_ns: int, end_ns: int, seed: int = 7) -> pa.Table:
    """One snapshot a second: five levels a tick apart either side of the walk's mid."""
    ts, ticks = _walk(listing, start_ns, end_ns, seed)
    every = slice(0, None, 10)
    ts, ticks = ts[every], ticks[every]
    offsets = np.arange(1, 6)
    bid = (ticks[:, None] - offsets) * listing.tick
    ask = (ticks[:, None] + offsets) * listing.tick
    size = np.full(bid.shape, listing.level_size)
    return book_table(
        listing.key,
        ts_event=ts,
        ts_init=ts,
        bid_price=np.round(bid, 8),
        bid_size=size,
        ask_price=np.round(ask, 8),
        ask_size=size,
    )


def signal(
    number: int,
    at_ns: int,
    target: str,
    *,
    key: str = BTC_BINANCE,
    strategy: str = "alpha",
    algorithm: ExecAlgorithm = ExecAlgorithm.NORMAL,
    params: dict | None = None,
    limit: str | None = None,
) -> Signal:
    quantity = Decimal(target)
    return Signal(
        signal_id=SignalId(f"{strategy}-{number:03d}"),
        strategy_id=StrategyId(strategy),
        instrument_key=key,
        ts_event=at_ns,
        direction=(quantity > 0) - (quantity < 0),
        target_quantity=quantity,
        order_type=OrderType.LIMIT if limit else OrderType.MARKET,
        limit_price=Decimal(limit) if limit else None,
        exec_algorithm=algorithm,
        exec_algorithm_params=params or {},
    )
