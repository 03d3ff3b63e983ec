"""The node's startup reconciliation keeps every order the venue reports (no fill window cut)."""

from __future__ import annotations

from typing import Any


def keep_every_reported_order(exec_engine: Any) -> None:
    """NautilusTrader (1.231) rewrites a venue's mass status before reconciling it when the
    fill reports do not reach back to a flat position (Binance sends only its last 500
    trades): every order report of the instrument is replaced by the orders of the last
    position lifecycle, or by one synthetic order. Open orders and orders that filled while
    the service was down are dropped with the rest, so a restarted service finds none of
    them in the node, calls them unknown at the venue and expires them (found by the crash
    proof, tests/postgres/test_crash_recovery.py). Without the rewrite each reported order
    is reconciled with the fills the venue reported for it (their trade ids), inferred
    fills only for quantity past the fill window, and the node's position check still
    aligns its positions with the venue's."""
    exec_engine._adjust_mass_status_fills = _as_reported


def _as_reported(mass_status: Any) -> None:
    """Leave the mass status as the venue's client reported it."""
