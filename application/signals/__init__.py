"""Signals to orders: target positions, the signal use case and the windows signals need."""

from application.signals.target_move import changes_target, in_lots, order_for_target

__all__ = ["changes_target", "in_lots", "order_for_target"]
