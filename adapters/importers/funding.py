"""Funding payments of perpetuals: one row per settlement, from rate updates of a stream or CSV.

A venue publishes, many times a period, the rate to be paid at the next funding time and
the mark price (Binance `markPriceUpdate`: `r`, `p`, `T`; Tardis `derivative_ticker`:
`funding_rate`, `mark_price`, `funding_timestamp`). A settlement at time F is written once
the data shows the period ended (an update at or after F, or one announcing a later
funding time); its rate and mark are those of the last update before F that announced F.
A period still open at the end of the data is not written: its rate was not final.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from adapters.importers.tick_tables import keyed_table

FUNDING_SCHEMA = pa.schema(
    [
        ("instrument_key", pa.string()),
        ("ts_event", pa.int64()),
        ("funding_rate", pa.float64()),
        ("mark_price", pa.float64()),
    ]
)


def funding_table(
    instrument_key: str,
    *,
    ts_event: np.ndarray,
    funding_rate: np.ndarray,
    mark_price: np.ndarray,
) -> pa.Table:
    columns = {"ts_event": ts_event, "funding_rate": funding_rate, "mark_price": mark_price}
    return keyed_table(FUNDING_SCHEMA, instrument_key, columns)


def settlements(
    instrument_key: str,
    *,
    ts: np.ndarray,
    funding_time: np.ndarray,
    rate: np.ndarray,
    mark: np.ndarray,
) -> pa.Table:
    """Settlement rows from rate updates (all ns int64 / float64 arrays of the same length)."""
    order = np.argsort(ts, kind="stable")
    ts, funding_time, rate, mark = ts[order], funding_time[order], rate[order], mark[order]
    last_seen = int(ts[-1]) if len(ts) else 0
    latest_announced = int(funding_time.max()) if len(ts) else 0
    rows: list[tuple[int, float, float]] = []
    for settle in np.unique(funding_time):
        before = np.flatnonzero((funding_time == settle) & (ts < settle))
        ended = last_seen >= settle or latest_announced > settle
        if len(before) and ended:
            last = before[-1]
            rows.append((int(settle), float(rate[last]), float(mark[last])))
    times, rates, marks = zip(*rows, strict=True) if rows else ((), (), ())
    return funding_table(
        instrument_key,
        ts_event=np.array(times, dtype=np.int64),
        funding_rate=np.array(rates, dtype=np.float64),
        mark_price=np.array(marks, dtype=np.float64),
    )
