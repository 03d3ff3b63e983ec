"""The external JSON configuration shared by backtest and live."""
