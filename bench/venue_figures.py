"""Start-up and POST -> fill-in-PostgreSQL round trips of `odum serve live` on each venue, one run.

Each venue is served the same way: `odum serve live` as its own process on one PostgreSQL
database (emptied between venues), on a fresh loopback venue: NautilusTrader 1.231's own
Binance USD-M, Bybit linear and OKX swap clients on the emulators of tests/venues (recorded
BTCUSDT quotes streaming), Binance `paper: true` (the sandbox on the emulator's market), and
the Deribit adapter on the fake Deribit (tests/fakes/deribit_server.py, a deep static book).
Start-up is process start -> every venue connected in /api/venues. Then one lot market
orders alternating sides (Binance and Bybit 0.001 BTC, OKX 0.01 BTC, one contract,
Deribit 10 USD), one at a time: from sending POST /api/orders until the order's fill row
is in `unified_fills`, polled every millisecond.

Run: .venv/bin/python -m bench.venue_figures [--orders 200]
     (database from ODUM_DATABASE_URL, else a throwaway cluster)
"""

from __future__ import annotations

import functools
import os

import attrs

from bench.venue_emulator_runs import Emulator, Feed, Serving, main, percentiles, timed
from tests.nautilus_live import deribit_service, emulated_bybit_service, emulated_okx_service
from tests.nautilus_live.emulated_service import serving as binance_serving
from tests.nautilus_live.emulated_service import stream_quotes
from tests.venues.binance_futures.running import binance_emulator
from tests.venues.bybit_linear.running import bybit_emulator
from tests.venues.okx_swap.running import okx_emulator


@attrs.frozen
class Served:
    """One row: what is served on what, and the lot each order trades."""

    label: str
    emulator: Emulator
    serving: Serving
    lot: str
    quotes: Feed | None = stream_quotes


PATHS = (
    Served("Binance USD-M clients on the emulator", binance_emulator, binance_serving, "0.001"),
    Served(
        "Binance `paper: true` on the emulator's market",
        binance_emulator,
        functools.partial(binance_serving, paper=True),
        "0.001",
    ),
    Served(
        "Bybit linear clients on the emulator",
        bybit_emulator,
        emulated_bybit_service.serving,
        "0.001",
    ),
    Served("OKX swap clients on the emulator", okx_emulator, emulated_okx_service.serving, "0.01"),
    Served(
        "Deribit adapter on the fake Deribit",
        deribit_service.deribit_fake,
        deribit_service.serving,
        deribit_service.LOT,
        quotes=None,
    ),
)


def table(rows: list[tuple[str, float, list[float]]], load: list[float], orders: int) -> str:
    lines = [
        f"{orders} orders per path; load average (1 min) {load[0]:.1f} at the start, "
        f"{load[-1]:.1f} at the end",
        "",
        "| path | start-up to ready | POST → fill in PostgreSQL p50 | p99 | max |",
        "|---|---|---|---|---|",
    ]
    for label, started, seconds in rows:
        p50, p99, top = percentiles(seconds)
        lines.append(f"| {label} | {started:.2f} s | {p50:.1f} ms | {p99:.1f} ms | {top:.1f} ms |")
    return "\n".join(lines)


async def measure(url: str, orders: int) -> None:
    rows: list[tuple[str, float, list[float]]] = []
    load = [os.getloadavg()[0]]
    for path in PATHS:
        started, seconds = await timed(
            path.emulator, path.serving, url, orders, path.lot, quotes=path.quotes
        )
        rows.append((path.label, started, seconds))
        print(f"{path.label}: done", flush=True)
    load.append(os.getloadavg()[0])
    print(table(rows, load, orders))


if __name__ == "__main__":
    main(__doc__ or "", measure)
