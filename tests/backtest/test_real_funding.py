"""Funding settlements from a `data_type-funding` file, paid on the positions held then."""

from __future__ import annotations

from decimal import Decimal

import pyarrow as pa

from adapters.datasets.windowed_loader import FUNDING_SCHEMA, funding_path
from adapters.importers.upload import upload_table
from application.runs.summary import build_summary
from ports.object_store import StorageTarget
from tests.backtest.real_days import (
    BTC,
    DAY1,
    DAY2,
    MIDNIGHT_NS,
    SECOND_NS,
    a_signal,
    run_real,
    two_day_store,
)


def _funding(store, day, rows) -> None:
    table = pa.Table.from_pylist(
        [
            {"instrument_key": BTC, "ts_event": ts, "funding_rate": rate, "mark_price": mark}
            for ts, rate, mark in rows
        ],
        schema=FUNDING_SCHEMA,
    )
    upload_table(store, StorageTarget.MARKET_DATA, funding_path(day, BTC), table)


def test_funding_is_paid_on_the_position_held_at_each_settlement() -> None:
    store = two_day_store(
        [
            a_signal(1, MIDNIGHT_NS - 120 * SECOND_NS, "0.5"),
            a_signal(2, MIDNIGHT_NS + 30 * SECOND_NS, "-0.2"),
        ]
    )
    _funding(
        store,
        DAY1,
        [
            (MIDNIGHT_NS - 150 * SECOND_NS, 0.0003, 61_800.0),  # before any position: nothing
            (MIDNIGHT_NS - 60 * SECOND_NS, 0.0001, 61_800.0),  # long 0.5 pays
        ],
    )
    _funding(store, DAY2, [(MIDNIGHT_NS + 60 * SECOND_NS, 0.0002, 61_700.0)])  # short gets
    records = run_real(store)
    long_pays = Decimal("0.5") * Decimal("61800.0") * Decimal("0.0001")
    short_gets = Decimal("-0.2") * Decimal("61700.0") * Decimal("0.0002")
    assert records.funding_paid == long_pays + short_gets
    pnl = build_summary(records)["pnl"]
    assert pnl["funding_paid"] == float(long_pays + short_gets)
    assert pnl["net_pnl"] == pnl["gross_pnl"] - pnl["total_fees"] - pnl["funding_paid"]


def test_without_a_funding_file_nothing_is_paid() -> None:
    store = two_day_store([a_signal(1, MIDNIGHT_NS - 120 * SECOND_NS, "0.5")])
    assert run_real(store).funding_paid == 0
