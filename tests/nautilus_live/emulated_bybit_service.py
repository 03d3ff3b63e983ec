"""`odum serve live` in its own process, configured to trade on a running Bybit emulator."""

from __future__ import annotations

import contextlib
from pathlib import Path

from tests.nautilus_live.emulated_service import EmulatedVenue, Service, serving_venue
from tests.venues.bybit_linear.running import PERP, RunningBybit

VENUE = "BYBIT"
BYBIT = EmulatedVenue(
    venue_id=VENUE, instrument_key=PERP, taker_fee="0.00055", maker_fee="0.0002", min_size="0.001"
)
BybitService = Service  # orders name the Bybit perpetual


def serving(
    emulator: RunningBybit, url: str, tmp: Path
) -> contextlib.AbstractAsyncContextManager[Service]:
    return serving_venue(emulator, url, tmp, BYBIT)
