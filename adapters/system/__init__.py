"""Adapters to the operating system (wall clock)."""
