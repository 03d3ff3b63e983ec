"""Alembic revisions, oldest first; each one additive."""
