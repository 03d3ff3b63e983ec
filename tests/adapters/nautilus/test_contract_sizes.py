"""A node instrument counting contracts is converted to our units at the node venue's edge."""

from __future__ import annotations

from decimal import Decimal

from nautilus_trader.model.enums import OrderSide as NautilusSide
from nautilus_trader.model.events import OrderFilled
from nautilus_trader.model.identifiers import Symbol
from nautilus_trader.model.instruments import CryptoPerpetual
from nautilus_trader.model.objects import Quantity
from nautilus_trader.test_kit.providers import TestInstrumentProvider
from nautilus_trader.test_kit.stubs.data import TestDataStubs
from nautilus_trader.test_kit.stubs.events import TestEventStubs
from nautilus_trader.test_kit.stubs.execution import TestExecStubs

from adapters.nautilus.live import mapping
from adapters.nautilus.live.contract_sizes import ContractSizes
from domain.ids import OperationId

KEY = "OKX:PERPETUAL:BTC-USDT@LIN"


def okx_swap() -> CryptoPerpetual:
    """A BTC-USDT swap as NautilusTrader loads OKX's: contracts of 0.01 BTC."""
    base = TestInstrumentProvider.btcusdt_perp_binance()
    return CryptoPerpetual(
        instrument_id=base.id,
        raw_symbol=Symbol("BTC-USDT-SWAP"),
        base_currency=base.base_currency,
        quote_currency=base.quote_currency,
        settlement_currency=base.settlement_currency,
        is_inverse=False,
        price_precision=base.price_precision,
        size_precision=2,
        price_increment=base.price_increment,
        size_increment=Quantity.from_str("0.01"),
        multiplier=Quantity.from_str("0.01"),
        ts_event=0,
        ts_init=0,
    )


def test_quantities_go_out_in_contracts_and_come_back_in_base_units_exactly() -> None:
    swap = okx_swap()
    sizes = ContractSizes()
    sizes.learn([swap])
    nautilus_id = swap.id.value
    assert sizes.to_venue(nautilus_id, Decimal("0.05")) == 5
    assert sizes.to_venue(nautilus_id, Decimal("0.015")) == Decimal("1.5")  # off the lot: kept
    assert sizes.to_venue("UNKNOWN.OKX", Decimal("0.05")) == Decimal("0.05")  # not loaded: 1


def test_a_fill_a_quote_and_a_position_of_contracts_read_in_base_units() -> None:
    swap = okx_swap()
    ref = mapping.OrderRef(
        venue_id="OKX",
        operation_id=OperationId("op-1"),
        instrument_key=KEY,
        contract_size=Decimal("0.01"),
    )
    filled = a_fill_of(swap, contracts="3")
    fill = mapping.fill_of(ref, filled)
    assert fill.quantity == Decimal("0.03")
    assert fill.price == filled.last_px.as_decimal()  # prices are per coin either way

    quote = TestDataStubs.quote_tick(swap, bid_size=200, ask_size=150)
    book = mapping.book_of(KEY, quote, Decimal("0.01"))
    assert (book.bids[0].size, book.asks[0].size) == (Decimal(2), Decimal("1.5"))


def a_fill_of(instrument: CryptoPerpetual, *, contracts: str) -> OrderFilled:
    order = TestExecStubs.market_order(
        instrument=instrument, order_side=NautilusSide.BUY, quantity=Quantity.from_str(contracts)
    )
    return TestEventStubs.order_filled(order, instrument=instrument, last_qty=order.quantity)
