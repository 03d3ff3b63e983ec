"""Pytest plugins providing real infrastructure (servers, emulators)."""
