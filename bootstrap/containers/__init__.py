"""Containers, one per concern."""
