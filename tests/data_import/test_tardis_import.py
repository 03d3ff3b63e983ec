"""The Tardis CSV importer on the real Binance futures samples."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from adapters.importers.errors import ImportFormatError
from adapters.importers.tardis import detect_kind, read_book_snapshot_5, read_quotes, read_trades
from tests.data_import.real_samples import TARDIS_BOOK, TARDIS_QUOTES, TARDIS_TRADES, require

BTC_PERP = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"


def source_rows(path: Path) -> list[dict[str, str]]:
    with require(path).open(newline="") as handle:
        return list(csv.DictReader(handle))


def column(table: pa.Table, name: str) -> np.ndarray:
    return table.column(name).to_numpy(zero_copy_only=False)


def test_trades_keep_every_row_id_and_aggressor() -> None:
    source = source_rows(TARDIS_TRADES)
    (key, trades), *others = read_trades(TARDIS_TRADES).items()
    assert not others
    assert key == BTC_PERP
    assert trades.num_rows == len(source) == 9_999
    by_id = {row["id"]: row for row in source}
    for row in trades.to_pylist():
        raw = by_id[row["trade_id"]]
        assert row["aggressor_side"] == {"buy": 1, "sell": 2}[raw["side"]]
        assert row["price"] == float(raw["price"])
        assert row["size"] == float(raw["amount"])
        assert row["ts_event"] == int(raw["timestamp"]) * 1_000
        assert row["ts_init"] == int(raw["local_timestamp"]) * 1_000
    assert np.all(np.diff(column(trades, "ts_event")) >= 0)


def test_quotes_become_level_zero_of_book_snapshot_5() -> None:
    source = source_rows(TARDIS_QUOTES)
    book = read_quotes(TARDIS_QUOTES)[BTC_PERP]
    assert book.num_rows == len(source)
    first = book.to_pylist()[0]
    raw = min(source, key=lambda row: int(row["timestamp"]))
    assert first["bid_price_0"] == float(raw["bid_price"])
    assert first["ask_size_0"] == float(raw["ask_amount"])
    for level in range(1, 5):
        for side in ("bid", "ask"):
            assert book.column(f"{side}_price_{level}").null_count == book.num_rows
            assert book.column(f"{side}_size_{level}").null_count == book.num_rows
    assert np.all(column(book, "bid_price_0") < column(book, "ask_price_0"))


def test_book_snapshot_5_maps_every_level() -> None:
    source = source_rows(TARDIS_BOOK)
    book = read_book_snapshot_5(TARDIS_BOOK)[BTC_PERP]
    assert book.num_rows == len(source) == 10
    for row, raw in zip(book.to_pylist(), source, strict=True):
        for level in range(5):
            assert row[f"bid_price_{level}"] == float(raw[f"bids[{level}].price"])
            assert row[f"ask_size_{level}"] == float(raw[f"asks[{level}].amount"])
        bids = [row[f"bid_price_{level}"] for level in range(5)]
        asks = [row[f"ask_price_{level}"] for level in range(5)]
        assert bids == sorted(bids, reverse=True)
        assert asks == sorted(asks)
        assert bids[0] < asks[0]


@pytest.mark.parametrize(
    ("path", "kind"),
    [(TARDIS_TRADES, "trades"), (TARDIS_QUOTES, "quotes"), (TARDIS_BOOK, "book_snapshot_5")],
)
def test_kind_is_detected_from_the_header(path: Path, kind: str) -> None:
    assert detect_kind(require(path)) == kind


HEADER = "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n"


def test_rows_out_of_order_are_sorted_by_exchange_time(tmp_path: Path) -> None:
    path = tmp_path / "trades.csv"
    path.write_text(
        HEADER + "binance-futures,BTCUSDT,2000,2100,2,sell,10,1\n"
        "binance-futures,BTCUSDT,1000,2200,1,buy,11,2\n"
    )
    trades = read_trades(path)[BTC_PERP]
    assert column(trades, "trade_id").tolist() == ["1", "2"]
    assert column(trades, "aggressor_side").tolist() == [1, 2]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("binance-futures,BTCUSDT,1,2,7,sideways,10,1\n", "column side: values"),
        ("binance-futures,BTCUSDT,1,2,7,unknown,10,1\n", "only buy and sell aggressors"),
        ("binance-futures,BTCUSDT,1,2,7,buy,ten,1\n", "bad value"),
        ("nowhere,BTCUSDT,1,2,7,buy,10,1\n", "unknown Tardis exchange"),
        ("", "no data rows"),
    ],
)
def test_bad_files_name_the_file_and_the_problem(tmp_path: Path, body: str, problem: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + body)
    with pytest.raises(ImportFormatError, match=problem) as raised:
        read_trades(path)
    assert str(path) in str(raised.value)


def test_missing_columns_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("exchange,symbol,timestamp\nbinance-futures,BTCUSDT,1\n")
    with pytest.raises(ImportFormatError, match=r"missing columns.*local_timestamp"):
        read_trades(path)


DERIVATIVE_TICKER_HEADER = (
    "exchange,symbol,timestamp,local_timestamp,funding_timestamp,funding_rate,"
    "predicted_funding_rate,open_interest,last_price,index_price,mark_price\n"
)


def test_derivative_ticker_gives_one_funding_row_per_finished_period(tmp_path) -> None:
    from adapters.importers.tardis import detect_kind, read_tardis

    first, second = 1_582_358_400_000_000, 1_582_387_200_000_000  # 08:00 and 16:00 UTC, µs
    head = "binance-futures,BTCUSDT"
    rows = [
        f"{head},{first - 2_000_000},{first - 1_900_000},{first},0.0001,,1,1,1,9700.5",
        f"{head},{first - 1_000_000},{first - 900_000},{first},0.00011,,1,1,1,9701.5",
        f"{head},{first - 500_000},{first - 400_000},,,,1,1,1,",
        f"{head},{first + 1_000_000},{first + 1_100_000},{second},0.0003,,1,1,1,9702.0",
    ]
    path = tmp_path / "derivative_ticker.csv"
    path.write_text(DERIVATIVE_TICKER_HEADER + "\n".join(rows) + "\n")
    assert detect_kind(path) == "derivative_ticker"
    (table,) = read_tardis(path, "derivative_ticker").values()
    # the 16:00 period is still open at the end of the file: its rate is not final
    assert table.to_pylist() == [
        {
            "instrument_key": "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN",
            "ts_event": first * 1_000,
            "funding_rate": 0.00011,
            "mark_price": 9701.5,
        }
    ]
