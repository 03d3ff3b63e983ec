"""The instruments.parquet an import writes: built-in rules, flags, other rows kept."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from adapters.datasets.instruments import InstrumentsReader
from adapters.importers.errors import ImportFormatError
from adapters.importers.instrument_listing import RuleOverrides, update_listing
from adapters.memory.object_store import MemoryObjectStore

DAY = date(2024, 8, 8)
BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
ETH = "BINANCE-FUTURES:PERPETUAL:ETH-USDT@LIN"


def test_a_known_instrument_gets_its_venue_rules_and_listing_date() -> None:
    store = MemoryObjectStore()
    update_listing(store, DAY, BTC, symbol="BTCUSDT", data_types={"trades"})
    (btc,) = InstrumentsReader(store).read(DAY)
    assert str(btc.key) == BTC
    assert (str(btc.tick_size), str(btc.min_size), str(btc.contract_size)) == (
        "0.1",
        "0.001",
        "1.0",
    )
    assert btc.symbol == "BTCUSDT"
    assert btc.available_from == datetime(2019, 9, 8, tzinfo=UTC)
    assert btc.available_to == datetime(2024, 8, 9, tzinfo=UTC)
    assert btc.data_types == {"trades"}


def test_a_second_import_adds_its_row_and_data_types_without_touching_others() -> None:
    store = MemoryObjectStore()
    update_listing(store, DAY, BTC, symbol="BTCUSDT", data_types={"trades"})
    update_listing(store, DAY, ETH, symbol="ETHUSDT", data_types={"trades"})
    update_listing(store, DAY, BTC, symbol="BTCUSDT", data_types={"book_snapshot_5"})
    rows = {str(i.key): i for i in InstrumentsReader(store).read(DAY)}
    assert set(rows) == {BTC, ETH}
    assert rows[BTC].data_types == {"trades", "book_snapshot_5"}
    assert str(rows[ETH].tick_size) == "0.01"


def test_flags_override_the_table() -> None:
    store = MemoryObjectStore()
    update_listing(
        store, DAY, BTC, symbol=None, data_types={"trades"}, overrides=RuleOverrides(tick_size=0.5)
    )
    (btc,) = InstrumentsReader(store).read(DAY)
    assert (str(btc.tick_size), str(btc.min_size)) == ("0.5", "0.001")


def test_an_unknown_instrument_needs_the_rule_flags() -> None:
    key = "BINANCE-FUTURES:PERPETUAL:DOGE-USDT@LIN"
    with pytest.raises(ImportFormatError, match="give --tick-size, --min-size, --contract-size"):
        update_listing(MemoryObjectStore(), DAY, key, symbol="DOGEUSDT", data_types={"trades"})
    store = MemoryObjectStore()
    rules = RuleOverrides(tick_size=0.00001, min_size=1.0, contract_size=1.0)
    update_listing(store, DAY, key, symbol="DOGEUSDT", data_types={"trades"}, overrides=rules)
    (doge,) = InstrumentsReader(store).read(DAY)
    assert doge.available_from == datetime(2024, 8, 8, tzinfo=UTC)
    bad = RuleOverrides(tick_size=0.1, min_size=0.0, contract_size=1.0)
    with pytest.raises(ImportFormatError, match="--min-size must be positive"):
        update_listing(store, DAY, key, symbol=None, data_types={"trades"}, overrides=bad)
