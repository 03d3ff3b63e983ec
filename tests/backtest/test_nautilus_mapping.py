"""Instruments-file listings and CONTRACTS tick rows as NautilusTrader objects."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pytest
from nautilus_trader.model.enums import AggressorSide, OptionKind
from nautilus_trader.model.instruments import (
    CryptoFuture,
    CryptoOption,
    CryptoPerpetual,
    CurrencyPair,
)

from adapters.importers.tick_tables import book_table, trades_table
from adapters.nautilus.config import NautilusBacktestConfig
from adapters.nautilus.data import book_depths, trade_ticks, window_stream
from adapters.nautilus.instruments import InstrumentCatalog, nautilus_venue_names
from domain.enums import VenueKind
from domain.instrument import Instrument
from domain.venue import Venue
from tests.backtest import tiny_market as tm
from tests.backtest.tiny_market import a_listing

CONFIG = NautilusBacktestConfig()


def a_venue(venue_id: str) -> Venue:
    return Venue(
        venue_id=venue_id,
        kind=VenueKind.SIMULATED,
        maker_fee=Decimal("0.0001"),
        taker_fee=Decimal("0.0005"),
    )


def catalog_of(*listings: Instrument) -> InstrumentCatalog:
    venues = sorted({listing.venue for listing in listings})
    return InstrumentCatalog.build(listings, [a_venue(v) for v in venues], CONFIG)


def test_every_instrument_type_linear_and_inverse_becomes_its_nautilus_kind():
    keys = {
        "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN": ("0.1", "0.001"),
        "BINANCE-SPOT:SPOT_PAIR:ETH-USDT": ("0.01", "0.0001"),
        "DERIBIT:PERPETUAL:BTC-USD@INV": ("0.5", "10", "10"),
        "DERIBIT:FUTURE:BTC-USD-20250328@INV": ("2.5", "10", "10"),
        "DERIBIT:OPTION:BTC-USD-50000-20241231-C": ("0.0005", "0.1"),
    }
    catalog = catalog_of(*(a_listing(key, *rules) for key, rules in keys.items()))
    perp = catalog.instrument("BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN")
    assert isinstance(perp, CryptoPerpetual)
    assert (str(perp.id), perp.is_inverse, perp.price_precision, perp.size_precision) == (
        "BTCUSDT-PERP.BINANCE-FUTURES",  # BINANCE-SPOT is configured too
        False,
        1,
        3,
    )
    assert perp.taker_fee == Decimal("0.0005")
    assert perp.size_increment.as_decimal() == perp.min_quantity.as_decimal() == Decimal("0.001")
    assert isinstance(catalog.instrument("BINANCE-SPOT:SPOT_PAIR:ETH-USDT"), CurrencyPair)
    inverse = catalog.instrument("DERIBIT:PERPETUAL:BTC-USD@INV")
    assert (str(inverse.id), inverse.is_inverse, str(inverse.settlement_currency)) == (
        "BTC-PERPETUAL.DERIBIT",
        True,
        "BTC",
    )
    assert inverse.price_increment.as_decimal() == Decimal("0.5")
    assert inverse.size_increment.as_decimal() == Decimal(10)
    future = catalog.instrument("DERIBIT:FUTURE:BTC-USD-20250328@INV")
    assert isinstance(future, CryptoFuture)
    assert future.expiration_ns == int(datetime(2025, 3, 28, 8, tzinfo=UTC).timestamp()) * 10**9
    option = catalog.instrument("DERIBIT:OPTION:BTC-USD-50000-20241231-C")
    assert isinstance(option, CryptoOption)
    assert (option.option_kind, option.strike_price.as_decimal()) == (OptionKind.CALL, 50000)
    assert catalog.key_of(inverse.id) == "DERIBIT:PERPETUAL:BTC-USD@INV"


def test_venues_sharing_a_nautilus_name_keep_their_own():
    names = nautilus_venue_names(["BINANCE-FUTURES", "BINANCE-SPOT", "BYBIT"])
    assert names == {
        "BINANCE-FUTURES": "BINANCE-FUTURES",
        "BINANCE-SPOT": "BINANCE-SPOT",
        "BYBIT": "BYBIT",
    }
    assert nautilus_venue_names(["BINANCE-FUTURES", "OKX"])["BINANCE-FUTURES"] == "BINANCE"


def test_listings_of_unconfigured_venues_are_not_loaded():
    catalog = InstrumentCatalog.build(
        [a_listing(tm.BTC_BINANCE, "0.1", "0.001"), a_listing(tm.BTC_BYBIT, "0.1", "0.001")],
        [a_venue("BYBIT")],
        CONFIG,
    )
    assert catalog.keys() == [tm.BTC_BYBIT]
    with pytest.raises(KeyError, match="not loaded"):
        catalog.instrument(tm.BTC_BINANCE)


def _trades(sizes: list[float], ids: bool = True) -> pa.Table:
    ts = np.arange(len(sizes), dtype=np.int64) * 1_000 + tm.DAY_START_NS
    table = trades_table(
        tm.BTC_BINANCE,
        price=np.full(len(sizes), 30_000.05),
        size=np.asarray(sizes),
        aggressor_side=np.asarray([1, 2, 1, 2][: len(sizes)]),
        trade_id=pa.array([f"id{n}" for n in range(len(sizes))]),
        ts_event=ts,
        ts_init=ts + 5,
    )
    return table if ids else table.drop_columns(["trade_id", "ts_init", "instrument_key"])


def test_trades_become_ticks_at_the_instrument_precision_without_empty_sizes():
    instrument = catalog_of(a_listing(tm.BTC_BINANCE, "0.1", "0.001")).instrument(tm.BTC_BINANCE)
    ticks, ts = trade_ticks(_trades([0.5, 0.0004, 1.25, 0.002]), instrument)
    assert [str(t.size) for t in ticks] == ["0.500", "1.250", "0.002"]
    assert [t.aggressor_side for t in ticks] == [
        AggressorSide.BUYER,
        AggressorSide.BUYER,
        AggressorSide.SELLER,
    ]
    assert [str(t.trade_id) for t in ticks] == ["id0", "id2", "id3"]
    assert [t.ts_init for t in ticks] == [t.ts_event for t in ticks] == ts.tolist()
    projected, _ = trade_ticks(_trades([0.5, 0.25], ids=False), instrument)
    assert len({str(t.trade_id) for t in projected}) == 2


def test_a_window_opens_on_the_last_book_before_it_and_books_come_before_trades():
    listing = tm.Listing(key=tm.BTC_BINANCE)
    catalog = catalog_of(a_listing(tm.BTC_BINANCE, "0.1", "0.001"))
    start = tm.DAY_START_NS + 10 * tm.SECOND
    books = tm.books(listing, start - 3 * tm.SECOND, start + 2 * tm.SECOND)
    depths, _ = book_depths(books, catalog.instrument(tm.BTC_BINANCE), start)
    assert [d.ts_init for d in depths] == [start, start, start + tm.SECOND]
    assert depths[0].ts_event == start - tm.SECOND
    trades = tm.trades(listing, start, start + 2 * tm.SECOND)
    stream, count = window_stream({tm.BTC_BINANCE: trades}, {tm.BTC_BINANCE: books}, catalog, start)
    assert count == trades.num_rows
    assert [type(d).__name__ for d in stream[:3]] == [
        "OrderBookDepth10",
        "OrderBookDepth10",
        "TradeTick",
    ]
    assert [d.ts_init for d in stream] == sorted(d.ts_init for d in stream)


def test_empty_book_levels_are_left_out():
    catalog = catalog_of(a_listing(tm.BTC_BINANCE, "0.1", "0.001"))
    nan = float("nan")
    table = book_table(
        tm.BTC_BINANCE,
        ts_event=np.asarray([tm.DAY_START_NS]),
        ts_init=np.asarray([tm.DAY_START_NS]),
        bid_price=np.asarray([[100.0, 99.9, nan, nan, nan]]),
        bid_size=np.asarray([[1.0, 2.0, nan, nan, nan]]),
        ask_price=np.asarray([[100.1, 100.2, 100.3, 0.0, nan]]),
        ask_size=np.asarray([[1.0, 0.0, 3.0, 0.0, nan]]),
    )
    (depth,), _ = book_depths(table, catalog.instrument(tm.BTC_BINANCE))
    assert [str(o.price) for o in depth.bids if o.size.raw] == ["100.0", "99.9"]
    assert [str(o.price) for o in depth.asks if o.size.raw] == ["100.1", "100.3"]
