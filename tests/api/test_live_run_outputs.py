"""A live trading run writes the five files of CONTRACTS §2 under a LIVE- run id."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
from litestar.testing import TestClient

from bootstrap.build import build_container
from bootstrap.settings.loader import parse_settings
from domain.book import BookLevel, OrderBook
from entrypoints.http.live_app import create_live_app
from ports.object_store import DataFormat, StorageTarget
from tests.api.keys import TEST_KEYS, key_headers

BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"


def _run_live_session() -> tuple[object, str]:
    settings = parse_settings(
        {
            "venues": [
                {
                    "venue_id": "BINANCE-FUTURES",
                    "instruments": [BTC],
                    "starting_balances": {"USDT": "100000"},
                }
            ],
            "live": {"refresh_seconds": 3600},
        }
    )
    container = build_container("test", settings)
    container.infra.venues().get("BINANCE-FUTURES").set_book(
        OrderBook(
            instrument_key=BTC,
            bids=(BookLevel(price=Decimal(29990), size=Decimal(20)),),
            asks=(BookLevel(price=Decimal(30010), size=Decimal(20)),),
        )
    )
    with TestClient(create_live_app(container, keys=TEST_KEYS)) as client:
        client.headers.update(key_headers())
        for n, (side, qty) in enumerate([("BUY", "2"), ("SELL", "0.5"), ("BUY", "99")]):
            client.post(
                "/api/orders",
                json={
                    "operation_id": f"o{n}",
                    "instrument_key": BTC,
                    "side": side,
                    "quantity": qty,
                },
            )
        client.post(
            "/api/orders",
            json={
                "operation_id": "too-big",
                "instrument_key": BTC,
                "side": "BUY",
                "quantity": "0.1",
                "order_type": "LIMIT",
                "price": "1",
            },
        )
    store = container.infra.object_store()
    [summary_path] = [
        p
        for p in store.list(StorageTarget.EXECUTION, "backtest_results/")
        if p.endswith("summary.json")
    ]
    return store, summary_path.split("/")[1]


def test_the_run_is_complete_with_contract_files_after_shutdown() -> None:
    store, run_id = _run_live_session()
    assert re.fullmatch(r"LIVE-\d{8}-\d{6}-[0-9a-f]{6}", run_id)
    summary = store.download(
        StorageTarget.EXECUTION, f"backtest_results/{run_id}/summary.json", DataFormat.JSON
    )
    assert summary["status"] == "COMPLETED"
    assert summary["mode"] == "paper"
    fills = _table(store, run_id, "fills.parquet")
    orders = _table(store, run_id, "orders.parquet")
    assert fills.num_rows == 3
    assert orders.schema.names[:3] == ["order_id", "operation_id", "instrument_key"]
    assert orders.schema.field("created_at").type == pa.timestamp("ns", tz="UTC")
    fees = sum(fills.column("fee").to_pylist())
    assert summary["pnl"]["total_fees"] == fees
    assert summary["execution_stats"]["fills"] == 3
    assert summary["execution_stats"]["orders"] == 4
    positions = _table(store, run_id, "positions.parquet").to_pylist()
    assert positions[-1]["quantity"] == 19.5  # 2 - 0.5 + the 18 left at the ask of 99 asked
    equity = _table(store, run_id, "equity_curve.parquet")
    assert all(d <= 0 for d in equity.column("drawdown_pct").to_pylist())
    config = store.download(
        StorageTarget.EXECUTION, f"config/{run_id}/backtest_config.json", DataFormat.JSON
    )
    assert json.dumps(config)


def _table(store: object, run_id: str, name: str) -> pa.Table:
    data = store.download(
        StorageTarget.EXECUTION,
        f"backtest_results/{run_id}/{name}",  # type: ignore[attr-defined]
        DataFormat.BYTES,
    )
    return pq.read_table(pa.BufferReader(data))
