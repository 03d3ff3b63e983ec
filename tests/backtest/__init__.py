"""Backtests on NautilusTrader: engine, algorithms, records and the use case."""
