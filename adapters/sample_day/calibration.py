"""Microstructure constants of the sample day, measured on the real samples in shared/data/real.

Measured on the Binance USD-M futures recordings of 2024-08-08 23:54-24:00 UTC
(binance-futures-ws/{btc,eth}usdt_20240808.gz: 21,313 BTC and 14,076 ETH trades, the book
rebuilt from the REST snapshot plus @depth diffs); tests/data_import/test_calibration.py
recomputes them from those files and checks each constant is in range. A "taker event"
is a run of trades with the same millisecond and aggressor side (one taker order
sweeping resting orders). What six minutes cannot show is marked as an assumption.
"""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class AssetCalibration:
    """What one asset's perpetuals look like at the trade and top-of-book level."""

    start_price: float  # mid of the REST snapshot
    vol_per_sqrt_second: float  # std of 60 s log mid returns / sqrt(60)
    size_log_mean: float  # trade size in base units is lognormal
    size_log_std: float
    fills_per_event: float  # trades per taker event (geometric)
    walk_probability: float  # chance a fill after the first is one level deeper
    event_side_persistence: float  # chance a taker event has the previous event's side
    wide_spread_probability: float  # @bookTicker updates with a spread over one tick
    wide_spread_extra_ticks: float  # mean extra ticks when wide
    level_gap_ticks: float  # mean distance between adjacent top-5 levels
    touch_size_log_mean: float  # log size of level 0 in the rebuilt book
    depth_size_log_mean: float  # log size of levels 1-4
    depth_size_log_std: float


BTC = AssetCalibration(
    start_price=61800.25,
    vol_per_sqrt_second=8.5e-5,
    size_log_mean=-4.00,
    size_log_std=1.87,
    fills_per_event=3.92,
    walk_probability=0.32,
    event_side_persistence=0.60,
    wide_spread_probability=0.058,
    wide_spread_extra_ticks=17.9,
    level_gap_ticks=5.6,
    touch_size_log_mean=0.77,
    depth_size_log_mean=-3.29,
    depth_size_log_std=2.36,
)

ETH = AssetCalibration(
    start_price=2681.625,
    vol_per_sqrt_second=1.13e-4,
    size_log_mean=-2.52,
    size_log_std=2.17,
    fills_per_event=4.01,
    walk_probability=0.26,
    event_side_persistence=0.66,
    wide_spread_probability=0.047,
    wide_spread_extra_ticks=5.4,
    level_gap_ticks=3.6,
    touch_size_log_mean=2.33,
    depth_size_log_mean=-1.03,
    depth_size_log_std=2.44,
)

# Arrivals are bursty: per-second taker-event counts have variance/mean 25.6 (BTC) and
# 9.2 (ETH) at 16 and 10 events/s. A lognormal activity factor per second with this
# log-std, smoothed over ACTIVITY_MEMORY_SECONDS, gives the same order at a day's mean rate.
ACTIVITY_LOG_STD = 0.8
ACTIVITY_MEMORY_SECONDS = 20

# Assumptions (a six-minute sample has no intraday pattern): activity follows one daily
# cosine peaking with the US/EU overlap, the trough at 0.5x the peak, and volatility
# scales with the square root of activity.
INTRADAY_PEAK_HOUR_UTC = 15.0
INTRADAY_AMPLITUDE = 0.33

# Assumption: the recordings' local clock is 1.27 s behind the exchange and Tardis's
# collector ~0.3 s away, neither a feed latency; ts_init - ts_event is lognormal, median 2 ms.
LATENCY_MEDIAN_NS = 2_000_000
LATENCY_LOG_STD = 0.6
