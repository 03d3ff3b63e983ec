"""Execution algorithm child schedules, as a trader sees them."""
