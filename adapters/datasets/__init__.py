"""Readers of the CONTRACTS §2 inputs (instruments, ticks, signals) and the windowed tick loader."""
