"""Reconciliation with the venues: at start-up, its report, and fills recovered."""
