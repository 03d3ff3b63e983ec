"""NautilusTrader TradingNode venues, proved offline: the sandbox fed with recorded ticks."""
