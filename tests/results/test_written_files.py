"""The seven objects of a run read back with pyarrow: exact schemas, order, and agreement."""

from __future__ import annotations

from decimal import Decimal

import pyarrow as pa
import pytest

from adapters.results.parquet_tables import ParquetTableEncoder
from application.runs.writer import RunWriter
from domain.run_records import IoStats
from ports.object_store import DataFormat, StorageTarget
from tests.results.fake_store import RecordingStore
from tests.results.recompute import recompute
from tests.results.run_builder import ETH, RUN_ID, T0, a_run

TS = pa.timestamp("ns", tz="UTC")
TEXT = DataFormat.TEXT
# CONTRACTS §2, written out again here so that a change to the code cannot move both.
CONTRACT_SCHEMAS = {
    "orders.parquet": [
        ("order_id", pa.string()),
        ("operation_id", pa.string()),
        ("instrument_key", pa.string()),
        ("side", pa.string()),
        ("order_type", pa.string()),
        ("quantity", pa.float64()),
        ("price", pa.float64()),
        ("status", pa.string()),
        ("created_at", TS),
        ("updated_at", TS),
        ("rejection_reason", pa.string()),
    ],
    "fills.parquet": [
        ("fill_id", pa.string()),
        ("order_id", pa.string()),
        ("instrument_key", pa.string()),
        ("side", pa.string()),
        ("quantity", pa.float64()),
        ("price", pa.float64()),
        ("fee", pa.float64()),
        ("fee_currency", pa.string()),
        ("ts_event", pa.int64()),
        ("venue", pa.string()),
    ],
    "positions.parquet": [
        ("ts_event", pa.int64()),
        ("instrument_key", pa.string()),
        ("quantity", pa.float64()),
        ("avg_entry_price", pa.float64()),
        ("current_price", pa.float64()),
        ("unrealized_pnl", pa.float64()),
        ("realized_pnl", pa.float64()),
    ],
    "equity_curve.parquet": [
        ("ts_event", pa.int64()),
        ("portfolio_value", pa.float64()),
        ("cash_balance", pa.float64()),
        ("margin_used", pa.float64()),
        ("unrealized_pnl", pa.float64()),
        ("drawdown_pct", pa.float64()),
    ],
}
PREFIX = f"backtest_results/{RUN_ID}/"


def a_two_instrument_run():
    return (
        a_run()
        .order("O-1", quantity="2")
        .order("O-2", side="SELL", quantity="1", price="110")
        .order("O-3", side="SELL", quantity="3", key=ETH, status="PARTIALLY_FILLED")
        .order("O-4", quantity="5", status="REJECTED", reason="max_order_quantity")
        .order("O-5", quantity="1", price="90", status="CANCELED", reason="ignored unless rejected")
        .fill("BUY", "2", "100", fee="0.2", seconds=1, order_id="O-1")
        .fill("SELL", "1", "110", fee="0.11", seconds=2, order_id="O-2")
        .fill("SELL", "2", "2000", fee="1.6", seconds=3, key=ETH, order_id="O-3")
        .position("2", "100", seconds=1)
        .position("1", "110", seconds=2, entry="100", unrealized="10", realized="10")
        .position("-2", "2000", seconds=3, key=ETH)
        .position("1", "104", seconds=4, entry="100", unrealized="4", realized="10")
        .position("-2", "1990", seconds=4, key=ETH, entry="2000", unrealized="20")
        .value("100000", seconds=0)
        .value("100009.7", seconds=2)
        .value("100031.89", seconds=4)
        .with_(
            io=IoStats(signals=2, windows_loaded=2, bytes_read=100, bytes_full_day=10_000),
            funding_paid=Decimal("0.25"),
            wall_time_s=3.5,
        )
        .build()
    )


@pytest.fixture
def written():
    store = RecordingStore()
    RunWriter(store, ParquetTableEncoder()).write(a_two_instrument_run(), "line one\n")
    return store


def test_every_object_is_written_under_its_contract_path_summary_last(written):
    assert written.uploads == [
        f"config/{RUN_ID}/backtest_config.json",
        f"logs/{RUN_ID}/execution.log",
        PREFIX + "orders.parquet",
        PREFIX + "fills.parquet",
        PREFIX + "positions.parquet",
        PREFIX + "equity_curve.parquet",
        PREFIX + "summary.json",
    ]


@pytest.mark.parametrize("file_name", list(CONTRACT_SCHEMAS))
def test_parquet_schemas_are_exactly_the_contract(written, file_name):
    table = written.table(PREFIX + file_name)
    assert [(f.name, f.type) for f in table.schema] == CONTRACT_SCHEMAS[file_name]


def test_an_empty_run_still_writes_tables_with_the_exact_schemas():
    store = RecordingStore()
    RunWriter(store, ParquetTableEncoder()).write(a_run().build())
    for file_name, schema in CONTRACT_SCHEMAS.items():
        table = store.table(PREFIX + file_name)
        assert table.num_rows == 0
        assert [(f.name, f.type) for f in table.schema] == schema


def test_order_rows_price_null_for_market_and_reason_only_when_rejected(written):
    rows = {r["order_id"]: r for r in written.table(PREFIX + "orders.parquet").to_pylist()}
    assert rows["O-1"]["price"] is None
    assert rows["O-1"]["order_type"] == "MARKET"
    assert rows["O-2"]["price"] == 110.0
    assert rows["O-2"]["order_type"] == "LIMIT"
    assert rows["O-4"]["rejection_reason"] == "max_order_quantity"
    assert rows["O-5"]["rejection_reason"] is None
    assert {r["status"] for r in rows.values()} <= {
        "PENDING", "SUBMITTED", "ACCEPTED", "PARTIALLY_FILLED",
        "FILLED", "CANCELED", "REJECTED", "EXPIRED",
    }  # fmt: skip
    assert rows["O-1"]["created_at"] == T0
    assert rows["O-1"]["created_at"].tzinfo is not None


def test_summary_agrees_with_what_fills_and_positions_parquet_say(written):
    fills = written.table(PREFIX + "fills.parquet").to_pylist()
    positions = written.table(PREFIX + "positions.parquet").to_pylist()
    summary = written.json(PREFIX + "summary.json")

    found = recompute(fills, positions)
    # final positions: netted fills == the last row of each instrument in positions.parquet
    assert {k: p["quantity"] for k, p in found.last_positions.items()} == found.held
    pnl = summary["pnl"]
    assert pnl["gross_pnl"] == pytest.approx(found.gross_pnl)
    assert pnl["total_fees"] == pytest.approx(found.total_fees)
    assert pnl["net_pnl"] == pytest.approx(found.gross_pnl - found.total_fees - 0.25)
    # and with the engine's own PnL columns at the final mark
    assert pnl["gross_pnl"] == pytest.approx(found.engine_gross_pnl)
    assert summary["execution_stats"]["fills"] == len(fills)
    assert summary["execution_stats"]["volume"] == pytest.approx(sum(f["quantity"] for f in fills))


def test_config_and_log_are_stored_as_given(written):
    assert written.json(f"config/{RUN_ID}/backtest_config.json") == {
        "backtest": {"dates": ["2024-01-01"]}
    }
    log = written.download(StorageTarget.EXECUTION, f"logs/{RUN_ID}/execution.log", TEXT)
    assert log == "line one\n"


def test_a_table_that_cannot_be_written_leaves_the_run_without_a_summary():
    store = RecordingStore()
    store.fail_on.add("positions.parquet")
    with pytest.raises(OSError, match="write refused"):
        RunWriter(store, ParquetTableEncoder()).write(a_two_instrument_run())
    assert not any(p.endswith("summary.json") for p in store.uploads)


def test_a_failed_run_writes_config_log_and_a_failed_summary_last():
    store = RecordingStore()
    RunWriter(store, ParquetTableEncoder()).write_failed(
        run_id=RUN_ID,
        mode="backtest",
        config={"x": 1},
        error="no tick file for window 2024-01-01T10:00Z",
        created_at=T0,
        log_text="boom\n",
    )
    assert store.uploads[-1] == PREFIX + "summary.json"
    summary = store.json(PREFIX + "summary.json")
    assert (summary["status"], summary["error"]) == (
        "FAILED",
        "no tick file for window 2024-01-01T10:00Z",
    )


def test_inverse_rows_are_written_in_base_units():
    inv = "DERIBIT:PERPETUAL:BTC-USD@INV"
    records = (
        a_run()
        .order("O-1", quantity="40000", key=inv)
        .order("O-2", side="SELL", quantity="20000", price="50000", key=inv)
        .fill("BUY", "40000", "40000", seconds=1, key=inv, order_id="O-1")
        .fill("SELL", "20000", "50000", seconds=2, key=inv, order_id="O-2")
        .position("40000", "40000", seconds=1, key=inv)
        .position("20000", "50000", seconds=2, key=inv, entry="40000")
        .build()
    )
    store = RecordingStore()
    summary = RunWriter(store, ParquetTableEncoder()).write(records)
    fills = [r["quantity"] for r in store.table(PREFIX + "fills.parquet").to_pylist()]
    orders = [r["quantity"] for r in store.table(PREFIX + "orders.parquet").to_pylist()]
    held = [r["quantity"] for r in store.table(PREFIX + "positions.parquet").to_pylist()]
    assert fills == [1.0, 0.4]  # each USD amount at its own price
    assert orders == [1.0, 0.4]  # the market order at its fill, the limit at its price
    assert held == [1.0, 0.5]  # half of what was bought as 1 BTC is left
    assert summary["execution_stats"]["volume"] == pytest.approx(1.4)
    assert summary["execution_stats"]["notional"] == pytest.approx(60_000)
