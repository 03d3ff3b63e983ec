"""Start-up time and POST -> fill-in-PostgreSQL round trips of `odum serve live` on Binance.

The service runs as its own process (`odum serve live`) with NautilusTrader's own Binance
USD-M clients pointed at the loopback emulator (tests/venues/binance_futures), which
streams the recorded BTCUSDT quotes; then the same with `paper: true` (the sandbox
matching on the emulator's market data, no exchange order sent). Each order is a market
order of 0.001 (alternating sides); its round trip is from sending POST /api/orders until
its fill row is in `unified_fills`, polled every millisecond.

Run: .venv/bin/python -m bench.venue_binance_emulator [--orders 200]
     (database from ODUM_DATABASE_URL, else a throwaway cluster)
"""

from __future__ import annotations

import functools

from bench.venue_emulator_runs import main, report, timed
from tests.nautilus_live.emulated_service import serving
from tests.venues.binance_futures.running import binance_emulator


async def measure(url: str, orders: int) -> None:
    for paper, what in ((False, "live clients"), (True, "paper: sandbox on its market")):
        serve = functools.partial(serving, paper=paper)
        started, seconds = await timed(binance_emulator, serve, url, orders, "0.001")
        report(f"BINANCE-FUTURES on the loopback emulator ({what})", started, seconds)


if __name__ == "__main__":
    main(__doc__ or "", measure)
