"""Binds every feature of the living specification (steps come from features/steps)."""

from pytest_bdd import scenarios

scenarios("risk", "routing", "orders", "positions", "recovery", "algorithms", "live")
