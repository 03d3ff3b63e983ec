"""Serialisation at the edges (config, JSON messages)."""
