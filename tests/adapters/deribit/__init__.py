"""Deribit adapter tests against the fake Deribit on loopback."""
