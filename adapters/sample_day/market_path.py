"""One asset's day: bursty trading activity with an intraday cycle, and its fair price path."""

from __future__ import annotations

import attrs
import numpy as np

from adapters.sample_day.calibration import (
    ACTIVITY_LOG_STD,
    ACTIVITY_MEMORY_SECONDS,
    INTRADAY_AMPLITUDE,
    INTRADAY_PEAK_HOUR_UTC,
    AssetCalibration,
)

SECONDS_PER_DAY = 86_400
GRID_MS = 100
_GRID_PER_SECOND = 1_000 // GRID_MS
# Day-to-day spread of the opening level around the calibrated price.
_OPEN_LOG_STD = 0.02


@attrs.frozen(kw_only=True, eq=False)
class AssetDay:
    """Activity per second (mean 1 over the day) and the log fair price every 100 ms."""

    activity: np.ndarray
    log_price: np.ndarray

    def cumulative_activity(self) -> np.ndarray:
        """Activity integrated up to each whole second: 86,401 points from 0."""
        return np.concatenate(([0.0], np.cumsum(self.activity)))

    def log_price_at(self, ms_of_day: np.ndarray) -> np.ndarray:
        return self.log_price[ms_of_day // GRID_MS]


def simulate_asset_day(asset: AssetCalibration, rng: np.random.Generator) -> AssetDay:
    """Activity is cycle x smoothed lognormal bursts; the price is Brownian in activity time."""
    hours = (np.arange(SECONDS_PER_DAY) + 0.5) / 3_600
    cycle = 1 + INTRADAY_AMPLITUDE * np.cos(2 * np.pi * (hours - INTRADAY_PEAK_HOUR_UTC) / 24)
    memory = ACTIVITY_MEMORY_SECONDS
    kernel = np.exp(-np.arange(4 * memory) / memory)
    kernel /= np.sqrt(np.sum(kernel**2))
    noise = rng.standard_normal(SECONDS_PER_DAY + len(kernel) - 1)
    smoothed = np.convolve(noise, kernel, mode="valid")
    bursts = np.exp(ACTIVITY_LOG_STD * smoothed - ACTIVITY_LOG_STD**2 / 2)
    activity = cycle * bursts
    activity /= activity.mean()
    per_step = np.repeat(activity / _GRID_PER_SECOND, _GRID_PER_SECOND)
    steps = asset.vol_per_sqrt_second * np.sqrt(per_step) * rng.standard_normal(per_step.size)
    opening = np.log(asset.start_price) + _OPEN_LOG_STD * rng.standard_normal()
    return AssetDay(activity=activity, log_price=opening + np.cumsum(steps))
