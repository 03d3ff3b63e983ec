"""Taker events of one listing and the trades they print, vectorised over the whole day.

A taker event arrives at a time drawn from the asset's activity, takes a side (persistent
from event to event), meets the touch around the fair price and sweeps a geometric number
of resting orders: each fill after the first goes one level deeper with the calibrated
probability. Times are whole milliseconds, as the venues stamp them.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import numpy as np
import pyarrow as pa

from adapters.importers.tick_tables import BUYER, SELLER, trades_table
from adapters.sample_day.calibration import LATENCY_LOG_STD, LATENCY_MEDIAN_NS
from adapters.sample_day.instruments import SampleInstrument
from adapters.sample_day.market_path import SECONDS_PER_DAY, AssetDay

_MS = 1_000_000


@attrs.frozen(kw_only=True, eq=False)
class TakerEvents:
    """Per event: millisecond of the day, trades it prints, side, touch in ticks, fair price."""

    ms: np.ndarray
    fills: np.ndarray
    side: np.ndarray
    bid_ticks: np.ndarray
    ask_ticks: np.ndarray
    fair_price: np.ndarray


def price_decimals(tick_size: float) -> int:
    """Decimal places of a tick or lot (0.1 -> 1, 0.5 -> 1, 10 -> 0)."""
    return max(0, -int(Decimal(str(tick_size)).as_tuple().exponent))


def simulate_events(
    instrument: SampleInstrument, day: AssetDay, rng: np.random.Generator, trade_count: int
) -> TakerEvents:
    """Events printing exactly `trade_count` trades (the last event is cut short if need be)."""
    asset = instrument.asset
    drawn = rng.geometric(
        1 / asset.fills_per_event, int(trade_count / asset.fills_per_event * 1.3) + 20
    )
    fills = drawn[: int(np.searchsorted(np.cumsum(drawn), trade_count)) + 1]
    fills[-1] -= fills.sum() - trade_count
    count = fills.size
    gaps = rng.exponential(size=count + 1).cumsum()
    cumulative = day.cumulative_activity()
    activity_time = gaps[:-1] / gaps[-1] * cumulative[-1]
    seconds = np.interp(activity_time, cumulative, np.arange(SECONDS_PER_DAY + 1))
    ms = np.minimum((seconds * 1_000).astype(np.int64), SECONDS_PER_DAY * 1_000 - 1)
    switches = rng.random(count) >= asset.event_side_persistence
    side = np.where(np.cumsum(switches) % 2 == 0, BUYER, SELLER).astype(np.int8)
    fair = np.exp(day.log_price_at(ms) + instrument.basis_bps * 1e-4)
    wide = rng.random(count) < asset.wide_spread_probability
    extra = rng.geometric(1 / asset.wide_spread_extra_ticks, count)
    spread = 1 + np.where(wide, extra, 0)
    bid = np.floor(fair / instrument.tick_size - spread / 2).astype(np.int64)
    return TakerEvents(
        ms=ms, fills=fills, side=side, bid_ticks=bid, ask_ticks=bid + spread, fair_price=fair
    )


def lot_sizes(
    instrument: SampleInstrument, base_size: np.ndarray, fair_price: np.ndarray
) -> np.ndarray:
    """Whole lots, at least one: base units for a linear listing, USD for an inverse one."""
    if instrument.inverse:
        lots = np.maximum(1, np.rint(base_size * fair_price / instrument.contract_size))
        return lots * instrument.contract_size
    lots = np.maximum(1, np.rint(base_size / instrument.min_size))
    return np.round(lots * instrument.min_size, price_decimals(instrument.min_size))


def latencies(rng: np.random.Generator, count: int) -> np.ndarray:
    """ts_init - ts_event in ns (lognormal)."""
    noise = np.exp(LATENCY_LOG_STD * rng.standard_normal(count))
    return (LATENCY_MEDIAN_NS * noise).astype(np.int64)


def trades_from_events(
    instrument: SampleInstrument,
    events: TakerEvents,
    rng: np.random.Generator,
    day_start_ns: int,
    first_trade_id: int,
) -> pa.Table:
    """The CONTRACTS trades table of these events: sequential ids, sweeps walking the book."""
    asset = instrument.asset
    fills = events.fills
    event = np.repeat(np.arange(events.ms.size), fills)
    total = event.size
    starts = np.cumsum(fills) - fills
    deeper = rng.random(total) < asset.walk_probability
    deeper[starts] = False
    step = np.where(deeper, rng.geometric(1 / asset.level_gap_ticks, total), 0)
    walked = np.cumsum(step)
    depth = walked - np.repeat(walked[starts] - step[starts], fills)
    side = events.side[event]
    ticks = np.where(
        side == BUYER, events.ask_ticks[event] + depth, events.bid_ticks[event] - depth
    )
    size = np.exp(asset.size_log_mean + asset.size_log_std * rng.standard_normal(total))
    ts_event = day_start_ns + events.ms[event] * _MS
    order_in_event = np.arange(total) - np.repeat(starts, fills)
    ts_init = ts_event + np.repeat(latencies(rng, events.ms.size), fills) + order_in_event * 1_000
    ids = pa.array(first_trade_id + np.arange(total, dtype=np.int64)).cast(pa.string())
    return trades_table(
        instrument.key,
        price=np.round(ticks * instrument.tick_size, price_decimals(instrument.tick_size)),
        size=lot_sizes(instrument, size, events.fair_price[event]),
        aggressor_side=side,
        trade_id=ids,
        ts_event=ts_event,
        ts_init=ts_init,
    )
