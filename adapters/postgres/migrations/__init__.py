"""Alembic migrations of the unified order, fill and position tables (additive only)."""
