"""`odum serve live` in its own process, configured to trade on a running OKX emulator."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from tests.nautilus_live.emulated_service import EmulatedVenue, Service, serving_venue
from tests.venues.okx_swap.running import GAP_RECOVERY, PERP, RunningOkx

# Quantities are BTC, as everywhere in the service; the node venue converts them to OKX's
# contracts (0.01 BTC each). The lot is 0.01 contract.
OKX = EmulatedVenue(
    venue_id="OKX", instrument_key=PERP, taker_fee="0.0005", maker_fee="0.0002", min_size="0.0001"
)


def serving(
    emulator: RunningOkx, url: str, tmp: Path, **overrides: Any
) -> contextlib.AbstractAsyncContextManager[Service]:
    """The service on the emulator, gaps recovered; `overrides` of its adapter options."""
    return serving_venue(emulator, url, tmp, OKX, reconciliation=GAP_RECOVERY, **overrides)
