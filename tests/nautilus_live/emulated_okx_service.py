"""`odum serve live` in its own process, configured to trade on a running OKX emulator."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from tests.nautilus_live.emulated_service import EmulatedVenue, Service, serving_venue
from tests.venues.okx_swap.running import GAP_RECOVERY, PERP, RunningOkx

# Quantities are OKX contracts (0.01 BTC each), as NautilusTrader's OKX instruments count.
OKX = EmulatedVenue(
    venue_id="OKX", instrument_key=PERP, taker_fee="0.0005", maker_fee="0.0002", min_size="0.01"
)


def serving(
    emulator: RunningOkx, url: str, tmp: Path, **overrides: Any
) -> contextlib.AbstractAsyncContextManager[Service]:
    """The service on the emulator, gaps recovered; `overrides` of its adapter options."""
    return serving_venue(emulator, url, tmp, OKX, reconciliation=GAP_RECOVERY, **overrides)
