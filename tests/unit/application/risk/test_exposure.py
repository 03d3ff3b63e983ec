"""ExposureBook: what fills and open orders leave for the risk engine to project."""

from __future__ import annotations

from decimal import Decimal

from application.risk.exposure import ExposureBook

BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
ETH = "BINANCE-FUTURES:PERPETUAL:ETH-USDT@LIN"
INVERSE = "DERIBIT:PERPETUAL:BTC-USD@INV"


def test_an_open_order_moves_to_the_position_as_it_fills() -> None:
    book = ExposureBook()
    book.order_opened("alpha", BTC, Decimal(2))
    book.order_reduced("alpha", BTC, Decimal("0.5"))
    book.filled("alpha", BTC, Decimal("0.5"), Decimal(30000))
    assert book.projected_position(BTC, Decimal(0)) == Decimal(2)
    assert book.position[BTC] == Decimal("0.5")
    assert book.open_quantity[BTC] == Decimal("1.5")


def test_an_inverse_streams_base_position_is_at_its_fill_prices() -> None:
    book = ExposureBook()
    book.filled("alpha", INVERSE, Decimal(40000), Decimal(40000))
    book.filled("alpha", INVERSE, Decimal(20000), Decimal(20000))
    filled = book.filled_position("alpha", INVERSE)
    assert filled.venue == Decimal(60000)
    assert filled.base == Decimal(2)  # 1 BTC + 1 BTC
    book.filled("alpha", INVERSE, Decimal(-30000), Decimal(50000))  # gives back half
    assert book.filled_position("alpha", INVERSE).base == Decimal(1)


def test_a_strategys_filled_instrument_counts_in_its_notional_on_another_instrument() -> None:
    book = ExposureBook()
    book.filled("alpha", ETH, Decimal(10), Decimal(2000))
    book.set_mark(ETH, Decimal(2000))
    # 20,000 of ETH already held plus 1 BTC at 30,000.
    assert book.strategy_notional("alpha", BTC, Decimal(1), Decimal(30000)) == Decimal(50000)
