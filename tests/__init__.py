"""Test suites: unit, contract (per port), integration."""
