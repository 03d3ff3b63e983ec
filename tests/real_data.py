"""Where the real market-data samples live: shared/data/real beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REAL_DATA = Path(
    os.environ.get("ODUM_REAL_DATA") or Path(__file__).resolve().parents[2] / "shared/data/real"
)
TARDIS = REAL_DATA / "tardis"
BINANCE_WS = REAL_DATA / "binance-futures-ws"


def require(path: Path) -> Path:
    """The sample, or a skip on a machine without shared/ (CI makes a missing one fail)."""
    if not path.exists():
        message = f"real sample {path} not present (set ODUM_REAL_DATA)"
        if os.environ.get("ODUM_REQUIRE_REAL_DATA"):
            pytest.fail(message)
        pytest.skip(message)
    return path
