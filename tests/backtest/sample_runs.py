"""The generated sample day in a memory store, and RunBacktest over it as the container wires it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from adapters.memory.clock import ControllableClock
from adapters.memory.object_store import MemoryObjectStore
from adapters.sample_day.generator import generate_day
from application.backtest import BacktestCommand
from application.settings.schema import BacktestSettings, Settings, StorageSettings, VenueSettings
from bootstrap.containers.backtest_infra import build_run_backtest
from domain.run_records import RunRecords
from ports.object_store import DataFormat, StorageTarget

DAY = date(2024, 3, 1)
RUN_ID = "BT-20240301-120000-a1b2c3"
SCALE = 0.01


def sample_store(seed: int = 7) -> MemoryObjectStore:
    store = MemoryObjectStore()
    generate_day(store, DAY, seed=seed, scale=SCALE)
    return store


def copy_store(
    store: MemoryObjectStore, keep: Callable[[StorageTarget, str], bool] = lambda *_: True
) -> MemoryObjectStore:
    """A fresh store with the objects `keep` accepts."""
    copy = MemoryObjectStore()
    for target in StorageTarget:
        for path in store.list(target):
            if keep(target, path):
                data = store.download(target, path, DataFormat.BYTES)
                copy.upload(target, path, data, DataFormat.BYTES)
    return copy


def sample_settings(**backtest: Any) -> Settings:
    fees = (("BINANCE-FUTURES", "0.0004"), ("BYBIT", "0.00055"), ("OKX", "0.0005"))
    return Settings(
        venues=[VenueSettings(venue_id=v, taker_fee=Decimal(fee)) for v, fee in fees],
        backtest=BacktestSettings(**{"dates": [DAY.isoformat()], **backtest}),
        storage=StorageSettings(backend="memory"),
    )


def run_sample(
    store: MemoryObjectStore, settings: Settings | None = None, progress: Any = None
) -> RunRecords:
    run_backtest = build_run_backtest(store, ControllableClock())
    command = BacktestCommand(run_id=RUN_ID, settings=settings or sample_settings(), dates=[DAY])
    return run_backtest(command, progress)
