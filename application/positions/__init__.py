"""Unified positions: per-venue netting aggregated per instrument."""
