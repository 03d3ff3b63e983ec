"""Loopback emulators of real exchanges, speaking their wire protocols, for the real clients."""
