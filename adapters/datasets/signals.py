"""StoreSignalSource: a day's strategy signals from the signals bucket, as domain Signals."""

from __future__ import annotations

import json
from datetime import date

import pyarrow as pa

from adapters.datasets.errors import DatasetError
from adapters.datasets.instruments import to_decimal
from adapters.datasets.table_checks import (
    check_columns,
    check_instrument_keys,
    check_no_nulls,
    check_unique,
    check_values_in,
)
from adapters.importers.object_paths import day_prefix, signals_path
from adapters.sample_day.signals import SIGNALS_SCHEMA
from domain.enums import ExecAlgorithm, OrderType
from domain.ids import SignalId, StrategyId
from domain.signal import Signal
from ports.object_store import DataFormat, ObjectStore, StorageTarget

_REQUIRED = [n for n in SIGNALS_SCHEMA.names if n != "limit_price"]


def signals_prefix(day: date) -> str:
    return signals_path(day, "")[: -len(".parquet")]


class StoreSignalSource:
    """Every `{strategy_id}.parquet` of the day, validated, merged and sorted by ts_event."""

    def __init__(self, store: ObjectStore) -> None:
        self._store = store

    def signals_for(self, day: date) -> list[Signal]:
        signals: list[Signal] = []
        for path in self._store.list(StorageTarget.SIGNALS, signals_prefix(day)):
            if path.endswith(".parquet"):
                signals += self.read_file(path)
        check_unique(
            pa.table({"signal_id": [s.signal_id for s in signals]}), "signal_id", day_prefix(day)
        )
        return sorted(signals, key=lambda signal: (signal.ts_event, signal.signal_id))

    def read_file(self, path: str) -> list[Signal]:
        table = self._store.download(StorageTarget.SIGNALS, path, DataFormat.PARQUET)
        check_columns(table, SIGNALS_SCHEMA, path)
        check_no_nulls(table, _REQUIRED, path)
        check_instrument_keys(table, path)
        check_unique(table, "signal_id", path)
        check_values_in(table, "direction", (-1, 0, 1), path)
        check_values_in(table, "order_type", [t.value for t in OrderType], path)
        check_values_in(table, "exec_algorithm", [a.value for a in ExecAlgorithm], path)
        strategy = path.rsplit("/", 1)[-1].removesuffix(".parquet")
        return [_signal(row, path, strategy) for row in table.to_pylist()]


def _signal(row: dict, path: str, strategy: str) -> Signal:
    where = f"signal {row['signal_id']}"
    if row["strategy_id"] != strategy:
        raise DatasetError(
            path, f"{where}: strategy_id {row['strategy_id']!r} in {strategy}'s file"
        )
    quantity = to_decimal(row["target_quantity"])
    sign = (quantity > 0) - (quantity < 0)
    if sign != row["direction"]:
        raise DatasetError(
            path, f"{where}: direction {row['direction']} but target_quantity {quantity}"
        )
    order_type = OrderType(row["order_type"])
    if order_type is OrderType.LIMIT and row["limit_price"] is None:
        raise DatasetError(path, f"{where}: LIMIT without limit_price")
    try:
        params = json.loads(row["exec_algorithm_params"])
    except json.JSONDecodeError as error:
        raise DatasetError(path, f"{where}: exec_algorithm_params is not JSON ({error})") from None
    if not isinstance(params, dict):
        raise DatasetError(path, f"{where}: exec_algorithm_params is not a JSON object")
    limit = row["limit_price"]
    return Signal(
        signal_id=SignalId(row["signal_id"]),
        strategy_id=StrategyId(row["strategy_id"]),
        instrument_key=row["instrument_key"],
        ts_event=row["ts_event"],
        direction=row["direction"],
        target_quantity=quantity,
        order_type=order_type,
        limit_price=None if limit is None else to_decimal(limit),
        exec_algorithm=ExecAlgorithm(row["exec_algorithm"]),
        exec_algorithm_params=params,
    )
