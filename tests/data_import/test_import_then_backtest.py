"""`odum data import-binance-ws` then `odum backtest` on the imported day: nothing written by hand
but the strategy's signals (which come from the strategy service)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from adapters.importers.object_paths import signals_path
from adapters.importers.upload import upload_table
from adapters.local.object_store import LocalObjectStore
from adapters.sample_day.signals import SIGNALS_SCHEMA
from entrypoints.cli.main import main
from ports.object_store import DataFormat, StorageTarget
from tests.data_import.real_samples import BTC_WS, require

KEY = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
DAY = date(2024, 8, 8)
RUN_ID = "BT-20240808-235500-1a2b3c"
ENTRY_NS = 1_723_161_300_000_000_000  # 23:55:00 UTC, inside the recording


def signal(signal_id: str, ts_event: int, direction: int, quantity: float) -> dict:
    return {
        "signal_id": signal_id,
        "strategy_id": "imported",
        "instrument_key": KEY,
        "ts_event": ts_event,
        "direction": direction,
        "target_quantity": quantity,
        "order_type": "MARKET",
        "limit_price": None,
        "exec_algorithm": "NORMAL",
        "exec_algorithm_params": "{}",
    }


def config(tmp_path: Path, store_dir: Path) -> Path:
    venue = {"venue_id": "BINANCE-FUTURES", "taker_fee": "0.0004", "min_size": "0.001"}
    settings = {
        "venues": [venue],
        "storage": {"backend": "local", "local_root": str(store_dir)},
        "backtest": {"dates": [DAY.isoformat()], "window_seconds": 60, "currency": "USDT"},
    }
    path = tmp_path / "odum.json"
    path.write_text(json.dumps(settings))
    return path


def parquet(store: LocalObjectStore, target: StorageTarget, path: str) -> pa.Table:
    return pq.read_table(io.BytesIO(store.download(target, path, DataFormat.BYTES)))


@pytest.mark.slow
def test_an_imported_day_backtests_with_fills_at_recorded_prices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_dir = tmp_path / "store"
    assert (
        main(["data", "import-binance-ws", "--store-dir", str(store_dir), str(require(BTC_WS))])
        == 0
    )
    store = LocalObjectStore(store_dir)
    signals = [signal("in", ENTRY_NS, 1, 0.01), signal("out", ENTRY_NS + 120 * 10**9, 0, 0.0)]
    table = pa.Table.from_pylist(signals, schema=SIGNALS_SCHEMA)
    upload_table(store, StorageTarget.SIGNALS, signals_path(DAY, "imported"), table)
    capsys.readouterr()

    code = main(["backtest", "--config", str(config(tmp_path, store_dir)), "--run-id", RUN_ID])
    err = capsys.readouterr().err
    assert code == 0, err
    summary = store.download(
        StorageTarget.EXECUTION, f"backtest_results/{RUN_ID}/summary.json", DataFormat.JSON
    )
    assert summary["status"] == "COMPLETED"
    fills = parquet(store, StorageTarget.EXECUTION, f"backtest_results/{RUN_ID}/fills.parquet")
    assert fills.num_rows == 2
    trades = parquet(
        store,
        StorageTarget.MARKET_DATA,
        f"raw_tick_data/by_date/day-{DAY}/data_type-trades/{KEY}.parquet",
    )
    low = min(trades.column("price").to_pylist())
    high = max(trades.column("price").to_pylist())
    assert all(low <= price <= high for price in fills.column("price").to_pylist())


def test_a_missing_instruments_file_is_named_by_its_local_path(tmp_path: Path) -> None:
    from adapters.datasets.instruments import InstrumentsReader
    from ports.storage_errors import ObjectNotFound

    store = LocalObjectStore(tmp_path)
    with pytest.raises(ObjectNotFound) as raised:
        InstrumentsReader(store).read(DAY)
    message = str(raised.value)
    assert "gs://" not in message
    assert str(tmp_path / "instruments-store-cefi-central-element-323112") in message
    assert "instruments.parquet" in message
