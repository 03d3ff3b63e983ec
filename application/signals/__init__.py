"""Signals to orders: target positions, the signal use case and the windows signals need."""
