"""The day's strategy signals: 29 targets over two strategies, 17 of them turning direction.

A turn changes the direction of the strategy's target in that instrument (flat counts as
a direction, and the first signal of a stream turns from flat). The other signals keep
the direction: a resize, or a repeat that leaves the target where it is (and so loads
nothing). MARKET mostly; ICEBERG always rests a LIMIT; limit prices lean 2 bps through
the fair price so they usually fill.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import numpy as np
import pyarrow as pa

from adapters.sample_day.instruments import SampleInstrument
from adapters.sample_day.trades import price_decimals

STRATEGIES: tuple[tuple[str, tuple[str, ...], int], ...] = (
    (
        "momentum-v1",
        ("BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN", "BINANCE-FUTURES:PERPETUAL:ETH-USDT@LIN"),
        18,
    ),
    ("carry-v1", ("BYBIT:PERPETUAL:BTC-USDT@LIN", "OKX:PERPETUAL:ETH-USDT@LIN"), 11),
)
DIRECTION_CHANGES = 17
ALGORITHMS = ("NORMAL", "TWAP", "VWAP", "ICEBERG")
ALGORITHM_WEIGHTS = (0.45, 0.25, 0.15, 0.15)
_PARAMS = {
    "NORMAL": {},
    "TWAP": {"horizon_secs": 120, "interval_secs": 10},
    "VWAP": {"horizon_secs": 300, "interval_secs": 30},
}
_BASE_SIZE = {"BTC": (0.05, 1.5), "ETH": (0.5, 20.0)}
_FIRST_MS, _LAST_MS, _MIN_GAP_MS = 1_800_000, 84_600_000, 1_200_000
_LIMIT_LEAN = 2e-4

SIGNALS_SCHEMA = pa.schema(
    [
        ("signal_id", pa.string()),
        ("strategy_id", pa.string()),
        ("instrument_key", pa.string()),
        ("ts_event", pa.int64()),
        ("direction", pa.int8()),
        ("target_quantity", pa.float64()),
        ("order_type", pa.string()),
        ("limit_price", pa.float64()),
        ("exec_algorithm", pa.string()),
        ("exec_algorithm_params", pa.string()),
    ]
)

PriceAt = Callable[[str, int], float]


def day_signals(
    day: date,
    day_start_ns: int,
    instruments: dict[str, SampleInstrument],
    price_at: PriceAt,
    rng: np.random.Generator,
) -> dict[str, pa.Table]:
    """Signals per strategy id; `price_at(key, ms_of_day)` gives the fair price then."""
    owners = [name for name, _, count in STRATEGIES for _ in range(count)]
    total = len(owners)
    spread = np.sort(rng.random(total)) * (_LAST_MS - _FIRST_MS - (total - 1) * _MIN_GAP_MS)
    times = (_FIRST_MS + spread + np.arange(total) * _MIN_GAP_MS).astype(np.int64)
    owners = [owners[i] for i in rng.permutation(total)]
    turns = set(rng.choice(total, DIRECTION_CHANGES, replace=False).tolist())
    keys = {name: keys for name, keys, _ in STRATEGIES}
    state: dict[tuple[str, str], tuple[int, float]] = {}
    rows: dict[str, list[dict[str, object]]] = {name: [] for name, _, _ in STRATEGIES}
    for index, (owner, ms) in enumerate(zip(owners, times.tolist(), strict=True)):
        key = keys[owner][int(rng.integers(len(keys[owner])))]
        instrument = instruments[key]
        direction, quantity = state.get((owner, key), (0, 0.0))
        previous = direction * quantity
        if index in turns:
            direction = (
                int(rng.choice([1, -1])) if direction == 0 else int(rng.choice([-direction, 0]))
            )
            quantity = _quantity(instrument, rng) if direction else 0.0
        elif direction and rng.random() < 0.5:
            quantity = _quantity(instrument, rng)
        state[(owner, key)] = (direction, quantity)
        target = direction * quantity
        side = 1 if target > previous or (target == previous and direction >= 0) else -1
        number = len(rows[owner]) + 1
        rows[owner].append(
            {
                "signal_id": f"{owner}-{day:%Y%m%d}-{number:03d}",
                "strategy_id": owner,
                "instrument_key": key,
                "ts_event": day_start_ns + ms * 1_000_000,
                "direction": direction,
                "target_quantity": target,
                **_execution(instrument, abs(target - previous), side, price_at(key, ms), rng),
            }
        )
    return {
        owner: pa.Table.from_pylist(found, schema=SIGNALS_SCHEMA) for owner, found in rows.items()
    }


def _quantity(instrument: SampleInstrument, rng: np.random.Generator) -> float:
    low, high = _BASE_SIZE[instrument.parsed.base]
    if instrument.inverse:  # targets are base units; the venue's lots are USD amounts
        return round(rng.uniform(low, high), 4)
    return _in_lots(instrument, max(1, round(rng.uniform(low, high) / instrument.min_size)))


def _in_lots(instrument: SampleInstrument, lots: int) -> float:
    return round(lots * instrument.min_size, price_decimals(instrument.min_size))


def _execution(
    instrument: SampleInstrument,
    change: float,
    side: int,
    fair_price: float,
    rng: np.random.Generator,
) -> dict[str, object]:
    """Order type, limit price and algorithm with its JSON parameters."""
    algorithm = str(rng.choice(ALGORITHMS, p=ALGORITHM_WEIGHTS))
    limit = algorithm == "ICEBERG" or rng.random() < 0.1
    params: dict[str, object] = dict(_PARAMS.get(algorithm, {}))
    if algorithm == "ICEBERG":
        visible = _in_lots(instrument, max(1, int(change / instrument.min_size / 5)))
        params["visible_quantity"] = format(Decimal(str(visible)).normalize(), "f")
    leaned = fair_price * (1 + side * _LIMIT_LEAN) / instrument.tick_size
    ticks = math.ceil(leaned) if side > 0 else math.floor(leaned)
    limit_price = round(ticks * instrument.tick_size, price_decimals(instrument.tick_size))
    return {
        "order_type": "LIMIT" if limit else "MARKET",
        "limit_price": limit_price if limit else None,
        "exec_algorithm": algorithm,
        "exec_algorithm_params": json.dumps(params, sort_keys=True),
    }


def direction_changes(signals: pa.Table) -> int:
    """Signals whose direction differs from the previous one of the same strategy and key."""
    last: dict[tuple[str, str], int] = {}
    turns = 0
    for row in sorted(signals.to_pylist(), key=lambda row: row["ts_event"]):
        stream = (row["strategy_id"], row["instrument_key"])
        turns += row["direction"] != last.get(stream, 0)
        last[stream] = row["direction"]
    return turns
