"""Start-up time and POST -> fill-in-PostgreSQL round trips of `odum serve live` on Bybit.

The service runs as its own process (`odum serve live`) with NautilusTrader's own Bybit
linear clients pointed at the loopback emulator (tests/venues/bybit_linear), which streams
the recorded BTCUSDT quotes on its public stream. Each order is a market order of 0.001
(alternating sides), sent over Bybit's trade stream by the client; its round trip is from
sending POST /api/orders until its fill row is in `unified_fills`, polled every millisecond.

Run: .venv/bin/python -m bench.venue_bybit_emulator [--orders 200]
     (database from ODUM_DATABASE_URL, else a throwaway cluster)
"""

from __future__ import annotations

from bench.venue_emulator_runs import main, report, timed
from tests.nautilus_live.emulated_bybit_service import serving
from tests.venues.bybit_linear.running import bybit_emulator


async def measure(url: str, orders: int) -> None:
    started, seconds = await timed(bybit_emulator, serving, url, orders, "0.001")
    report("BYBIT linear on the loopback emulator (live clients)", started, seconds)


if __name__ == "__main__":
    main(__doc__ or "", measure)
