"""Start-up time and POST -> fill-in-PostgreSQL round trips of `odum serve live` on OKX.

The service runs as its own process (`odum serve live`) with NautilusTrader's own OKX
clients pointed at the loopback emulator (tests/venues/okx_swap), which streams the
recorded BTCUSDT quotes as BTC-USDT-SWAP on its public stream. Each order is a market
order of one contract (0.01 BTC, alternating sides), sent over OKX's private stream by the
client; its round trip is from sending POST /api/orders until its fill row is in
`unified_fills`, polled every millisecond.

Run: .venv/bin/python -m bench.venue_okx_emulator [--orders 200]
     (database from ODUM_DATABASE_URL, else a throwaway cluster)
"""

from __future__ import annotations

from bench.venue_emulator_runs import main, report, timed
from tests.nautilus_live.emulated_okx_service import serving
from tests.venues.okx_swap.running import okx_emulator


async def measure(url: str, orders: int) -> None:
    started, seconds = await timed(okx_emulator, serving, url, orders, "0.01")
    report("OKX swap on the loopback emulator (live clients)", started, seconds)


if __name__ == "__main__":
    main(__doc__ or "", measure)
