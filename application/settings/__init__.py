"""The external JSON configuration schema shared by backtest and live."""
