"""The backtest use case: signals, planned windows, the engine port, the run's records."""

from application.backtest.command import BacktestCommand, ProgressEvent
from application.backtest.errors import (
    BacktestError,
    EmptyWindow,
    InvalidBacktestConfig,
    MissingTickData,
    UnknownInstrument,
)
from application.backtest.run_backtest import RunBacktest

__all__ = [
    "BacktestCommand",
    "BacktestError",
    "EmptyWindow",
    "InvalidBacktestConfig",
    "MissingTickData",
    "ProgressEvent",
    "RunBacktest",
    "UnknownInstrument",
]
