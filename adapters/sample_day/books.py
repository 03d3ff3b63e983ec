"""book_snapshot_5 rows sampled at a fixed interval, consistent with the trades printed.

Each snapshot shows the touch of the last taker event at or before its time (the first
event's touch before any trade), so a trade's price is at or through the touch of the
next snapshot. Deeper levels sit a geometric number of ticks apart with lognormal sizes,
as measured on the rebuilt Binance books.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from adapters.importers.tick_tables import BOOK_LEVELS, book_table
from adapters.sample_day.instruments import SampleInstrument
from adapters.sample_day.market_path import SECONDS_PER_DAY
from adapters.sample_day.trades import TakerEvents, latencies, lot_sizes, price_decimals

_MS = 1_000_000


def snapshot_table(
    instrument: SampleInstrument,
    events: TakerEvents,
    rng: np.random.Generator,
    day_start_ns: int,
    interval_ms: int,
) -> pa.Table:
    """One book_snapshot_5 row every `interval_ms` from midnight."""
    asset = instrument.asset
    ms = np.arange(0, SECONDS_PER_DAY * 1_000, interval_ms, dtype=np.int64)
    last = np.maximum(np.searchsorted(events.ms, ms, side="right") - 1, 0)
    rows = ms.size
    shape = (rows, BOOK_LEVELS)
    sides = {}
    for name, touch, away in (("bid", events.bid_ticks, -1), ("ask", events.ask_ticks, 1)):
        gaps = rng.geometric(1 / asset.level_gap_ticks, shape)
        gaps[:, 0] = 0
        ticks = touch[last][:, None] + away * np.cumsum(gaps, axis=1)
        log_mean = np.full(shape, asset.depth_size_log_mean)
        log_mean[:, 0] = asset.touch_size_log_mean
        base = np.exp(log_mean + asset.depth_size_log_std * rng.standard_normal(shape))
        fair = np.broadcast_to(events.fair_price[last][:, None], shape)
        price = np.round(ticks * instrument.tick_size, price_decimals(instrument.tick_size))
        sides[name] = (price, lot_sizes(instrument, base, fair))
    ts_event = day_start_ns + ms * _MS
    return book_table(
        instrument.key,
        ts_event=ts_event,
        ts_init=ts_event + latencies(rng, rows),
        bid_price=sides["bid"][0],
        bid_size=sides["bid"][1],
        ask_price=sides["ask"][0],
        ask_size=sides["ask"][1],
    )
