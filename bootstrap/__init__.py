"""Dependency-injector containers: test | backtest | live profiles."""
