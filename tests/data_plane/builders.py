"""Builders of small tick and signal tables in the CONTRACTS §2 schemas."""

from __future__ import annotations

import json
from decimal import Decimal

import numpy as np
import pyarrow as pa

from adapters.sample_day.signals import SIGNALS_SCHEMA
from domain.ids import SignalId, StrategyId
from domain.signal import Signal

BTC_PERP = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
DAY_START_NS = 1_704_067_200 * 10**9  # 2024-01-01T00:00:00Z
DAY_NS = 86_400 * 10**9


def trades_table(
    rows: int = 50_000, *, seed: int = 7, key: str = BTC_PERP, start_ns: int = DAY_START_NS
) -> pa.Table:
    """Sorted trades spread over one day, ticks of 0.1, sizes on a 0.001 grid."""
    rng = np.random.default_rng(seed)
    ts = start_ns + np.sort(rng.integers(0, DAY_NS, rows))
    price = np.round(42_000 + np.cumsum(rng.normal(0, 2, rows)), 1)
    size = np.round(rng.lognormal(-4, 1.2, rows), 3) + 0.001
    return pa.table(
        {
            "instrument_key": pa.array([key] * rows),
            "price": pa.array(price, pa.float64()),
            "size": pa.array(size, pa.float64()),
            "aggressor_side": pa.array(rng.integers(1, 3, rows), pa.int8()),
            "trade_id": pa.array([str(4_000_000_000 + i) for i in range(rows)]),
            "ts_event": pa.array(ts, pa.int64()),
            "ts_init": pa.array(ts + rng.integers(1_000_000, 5_000_000, rows), pa.int64()),
        }
    )


def book_table(rows: int = 5_000, *, seed: int = 8, key: str = BTC_PERP) -> pa.Table:
    rng = np.random.default_rng(seed)
    ts = DAY_START_NS + np.sort(rng.integers(0, DAY_NS, rows))
    columns: dict[str, pa.Array] = {
        "instrument_key": pa.array([key] * rows),
        "ts_event": pa.array(ts, pa.int64()),
        "ts_init": pa.array(ts + 1_000_000, pa.int64()),
    }
    mid = 42_000 + np.cumsum(rng.normal(0, 2, rows))
    for side, sign in (("bid", -1), ("ask", 1)):
        for level in range(5):
            columns[f"{side}_price_{level}"] = pa.array(
                np.round(mid + sign * (level + 0.5) * 0.1, 1)
            )
        for level in range(5):
            columns[f"{side}_size_{level}"] = pa.array(np.round(rng.exponential(1, rows), 3))
    order = [*columns][:3] + [
        f"{side}_{what}_{level}"
        for side in ("bid", "ask")
        for what in ("price", "size")
        for level in range(5)
    ]
    return pa.table({name: columns[name] for name in order})


def signals_table(rows: list[dict[str, object]]) -> pa.Table:
    """Signals from partial rows; omitted fields get market/NORMAL defaults."""
    defaults = {
        "order_type": "MARKET",
        "limit_price": None,
        "exec_algorithm": "NORMAL",
        "exec_algorithm_params": json.dumps({}),
    }
    full = [{**defaults, **row} for row in rows]
    return pa.Table.from_pylist(full, schema=SIGNALS_SCHEMA)


def a_signal(n: int, ts: int, target: str, key: str = BTC_PERP, strategy: str = "s1") -> Signal:
    """Signal `sig-n` asking `strategy` to hold `target` (base units) of `key` from `ts`."""
    quantity = Decimal(target)
    return Signal(
        signal_id=SignalId(f"sig-{n}"),
        strategy_id=StrategyId(strategy),
        instrument_key=key,
        ts_event=ts,
        direction=(quantity > 0) - (quantity < 0),
        target_quantity=quantity,
    )
