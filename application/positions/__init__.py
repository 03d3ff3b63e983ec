"""Positions: per-venue netting positions aggregated per instrument."""

from application.positions.tracker import UnifiedPositionTracker

__all__ = [
    "UnifiedPositionTracker",
]
