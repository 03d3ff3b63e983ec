"""Parity of the backtest and live order pipelines."""
