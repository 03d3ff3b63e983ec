"""NautilusTrader adapter: instruments, tick data, simulated venues, algorithms, backtest engine."""
