"""The generator's calibration constants, recomputed from the real Binance recordings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from adapters.sample_day.calibration import BTC, ETH, AssetCalibration
from tests.data_import.real_samples import BTC_WS, ETH_WS, imported, stream_events

ASSETS = [pytest.param(BTC_WS, BTC, 0.1, id="btc"), pytest.param(ETH_WS, ETH, 0.01, id="eth")]


def measured(path: Path, tick: float) -> dict[str, float]:
    trades = stream_events(path, "trade")
    ms = np.array([t["T"] for t in trades])
    seller = np.array([t["m"] for t in trades])
    price = np.array([float(t["p"]) for t in trades])
    size = np.log([float(t["q"]) for t in trades])
    new_event = np.r_[True, (ms[1:] != ms[:-1]) | (seller[1:] != seller[:-1])]
    within = ~new_event
    event_side = seller[new_event]
    tickers = stream_events(path, "bookTicker")
    bid = np.array([float(t["b"]) for t in tickers])
    ask = np.array([float(t["a"]) for t in tickers])
    ticker_ms = np.array([t["T"] for t in tickers])
    spread = np.round((ask - bid) / tick)
    minutes = np.searchsorted(ticker_ms, np.arange(ticker_ms[0], ticker_ms[-1], 60_000), "right")
    mid = (bid + ask) / 2
    book = imported(path).book.to_pydict()
    bids, asks = (
        np.array([book[f"{side}_price_{n}"] for n in range(5)]) for side in ("bid", "ask")
    )
    gaps = np.r_[np.diff(-bids, axis=0).ravel(), np.diff(asks, axis=0).ravel()]
    touch = np.log(np.r_[book["bid_size_0"], book["ask_size_0"]])
    deeper = np.log([book[f"{s}_size_{n}"] for s in ("bid", "ask") for n in range(1, 5)]).ravel()
    return {
        "start_price": mid[0],
        "vol_per_sqrt_second": np.diff(np.log(mid[minutes - 1])).std() / np.sqrt(60),
        "size_log_mean": size.mean(),
        "size_log_std": size.std(),
        "fills_per_event": len(ms) / new_event.sum(),
        "walk_probability": (within & (price != np.r_[price[0], price[:-1]])).sum() / within.sum(),
        "event_side_persistence": (event_side[1:] == event_side[:-1]).mean(),
        "wide_spread_probability": (spread > 1).mean(),
        "wide_spread_extra_ticks": (spread[spread > 1] - 1).mean(),
        "level_gap_ticks": np.round(gaps / tick).mean(),
        "touch_size_log_mean": touch.mean(),
        "depth_size_log_mean": deeper.mean(),
        "depth_size_log_std": deeper.std(),
    }


@pytest.mark.parametrize(("path", "constants", "tick"), ASSETS)
def test_constants_are_within_range_of_the_recording(
    path: Path, constants: AssetCalibration, tick: float
) -> None:
    stats = measured(path, tick)
    out_of_range = {}
    for name, value in stats.items():
        constant = getattr(constants, name)
        # log quantities: absolute tolerance; the rest: 10 % of the measured value.
        tolerance = 0.1 if "log" in name else 0.1 * abs(value)
        if abs(constant - value) > tolerance:
            out_of_range[name] = (constant, round(float(value), 6))
    assert not out_of_range, f"constant vs measured: {out_of_range}"
