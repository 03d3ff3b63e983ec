"""`odum serve live` in its own process, configured to trade on a running Bybit emulator."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from tests.nautilus_live.emulated_service import EmulatedVenue, Service, serving_venue
from tests.venues.bybit_linear.running import GAP_RECOVERY, PERP, RunningBybit

VENUE = "BYBIT"
BYBIT = EmulatedVenue(
    venue_id=VENUE, instrument_key=PERP, taker_fee="0.00055", maker_fee="0.0002", min_size="0.001"
)
BybitService = Service  # orders name the Bybit perpetual


def serving(
    emulator: RunningBybit, url: str, tmp: Path, **overrides: Any
) -> contextlib.AbstractAsyncContextManager[Service]:
    """The service on the emulator, gaps recovered; `overrides` of its adapter options."""
    return serving_venue(emulator, url, tmp, BYBIT, reconciliation=GAP_RECOVERY, **overrides)
