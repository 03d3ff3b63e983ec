"""Instrumentation by decoration: metered venues, risk and router, event and backtest metrics."""
