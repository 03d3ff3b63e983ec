"""CONTRACTS tick tables as NautilusTrader data: trades -> TradeTick, book_snapshot_5 -> depth.

Books become `OrderBookDepth10` (five levels, the rest empty) on `L2_MBP` venues: market
orders then walk the five visible levels instead of filling the whole size at the touch,
and the SmartOrderRouter sees the same five levels through the managed book. Trades feed
`trade_execution`, which fills resting limit orders against the prints between snapshots.
Both keep `ts_event` as `ts_init`: the files are sorted by `ts_event` and windows are cut on
it, so the stream is ordered the way the data was planned.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from nautilus_trader.model.data import NULL_ORDER, BookOrder, OrderBookDepth10, TradeTick
from nautilus_trader.model.enums import OrderSide
from nautilus_trader.model.instruments import Instrument
from nautilus_trader.model.objects import Price, Quantity

from adapters.nautilus.instruments import InstrumentCatalog

BOOK_LEVELS = 5
DEPTH = 10


def _numbers(table: Any, name: str, dtype: type) -> np.ndarray:
    return np.asarray(table.column(name).to_numpy(zero_copy_only=False), dtype=dtype)


def trade_ticks(table: Any, instrument: Instrument) -> tuple[list[TradeTick], np.ndarray]:
    """Trade ticks (and their timestamps), built in one vectorised pass.

    Rows whose size rounds to zero lots at the instrument's precision are dropped: a
    nautilus quantity must be positive.
    """
    if table.num_rows == 0:
        return [], np.empty(0, dtype=np.uint64)
    sizes = _numbers(table, "size", np.float64)
    keep = np.round(sizes, instrument.size_precision) > 0
    prices = _numbers(table, "price", np.float64)[keep]
    sides = _numbers(table, "aggressor_side", np.int64)[keep]
    sides = np.where((sides == 1) | (sides == 2), sides, 0).astype(np.uint8)
    ts = _numbers(table, "ts_event", np.int64)[keep].astype(np.uint64)
    if "trade_id" in table.column_names:
        trade_ids = [str(t) for t in np.asarray(table.column("trade_id").to_pylist())[keep]]
    else:  # not read: the simulation never needs the venue's ids, only unique ones
        trade_ids = [f"{t}-{n}" for n, t in enumerate(ts.tolist())]
    ticks = TradeTick.from_raw_arrays_to_list(
        instrument.id,
        instrument.price_precision,
        instrument.size_precision,
        prices,
        sizes[keep],
        sides,
        trade_ids,
        ts,
        ts,
    )
    return ticks, ts


def book_depths(
    table: Any, instrument: Instrument, not_before_ns: int = 0
) -> tuple[list[OrderBookDepth10], np.ndarray]:
    """One depth per snapshot row; empty levels (null, NaN or zero size) are left out.

    Rows before `not_before_ns` seed the book: only the last of them is kept, arriving
    (`ts_init`) at `not_before_ns`, so a window opens on the book as it stood then.
    """
    if table.num_rows == 0:
        return [], np.empty(0, dtype=np.uint64)
    ts = _numbers(table, "ts_event", np.int64)
    first = max(0, int(np.searchsorted(ts, not_before_ns, side="left")) - 1)
    events = ts[first:].tolist()
    ts = np.maximum(ts[first:], not_before_ns).astype(np.uint64)
    rows = table.slice(first) if first else table
    sides = {
        side: [
            (
                np.nan_to_num(_numbers(rows, f"{side}_price_{level}", np.float64)).tolist(),
                np.nan_to_num(_numbers(rows, f"{side}_size_{level}", np.float64)).tolist(),
            )
            for level in range(BOOK_LEVELS)
        ]
        for side in ("bid", "ask")
    }
    depths = []
    iid = instrument.id
    for i, (event, stamp) in enumerate(zip(events, ts.tolist(), strict=True)):
        bids = _levels(sides["bid"], i, OrderSide.BUY, instrument)
        asks = _levels(sides["ask"], i, OrderSide.SELL, instrument)
        counts = [1] * len(bids) + [0] * (DEPTH - len(bids))
        ask_counts = [1] * len(asks) + [0] * (DEPTH - len(asks))
        bids += [NULL_ORDER] * (DEPTH - len(bids))
        asks += [NULL_ORDER] * (DEPTH - len(asks))
        depths.append(OrderBookDepth10(iid, bids, asks, counts, ask_counts, 0, 0, event, stamp))
    return depths, ts


def _levels(
    columns: list[tuple[list[float], list[float]]], row: int, side: OrderSide, instrument: Any
) -> list[BookOrder]:
    price_precision, size_precision = instrument.price_precision, instrument.size_precision
    levels = []
    for prices, sizes in columns:
        price, size = prices[row], sizes[row]
        if price > 0 and round(size, size_precision) > 0:
            levels.append(
                BookOrder(side, Price(price, price_precision), Quantity(size, size_precision), 0)
            )
    return levels


def window_stream(
    trades: Mapping[str, Any], books: Mapping[str, Any], catalog: InstrumentCatalog, start_ns: int
) -> tuple[list[Any], int]:
    """A window's data of every instrument in one list ordered by time, and its trade count.

    Ties keep a fixed order (books before trades, instruments by key) so a run is
    reproducible; a book at the same nanosecond as a trade is applied first.
    """
    parts: list[tuple[list[Any], np.ndarray]] = []
    for key in sorted(books):
        parts.append(book_depths(books[key], catalog.instrument(key), start_ns))
    trade_count = 0
    for key in sorted(trades):
        ticks, ts = trade_ticks(trades[key], catalog.instrument(key))
        trade_count += len(ticks)
        parts.append((ticks, ts))
    objects = [item for items, _ in parts for item in items]
    if not objects:
        return [], 0
    order = np.argsort(np.concatenate([ts for _, ts in parts]), kind="stable")
    return [objects[i] for i in order.tolist()], trade_count
