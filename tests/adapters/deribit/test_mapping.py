"""Domain orders to Deribit params and Deribit JSON back; instrument names both ways."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.deribit.codec import decode, encode
from adapters.deribit.mapping import (
    canonical_key,
    currency_of,
    deribit_name,
    fill_of,
    order_request,
    order_state,
    order_status,
)
from domain.enums import LiquiditySide, OrderSide, OrderStatus, OrderType, TimeInForce
from tests.adapters.deribit.orders import an_order


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("DERIBIT:PERPETUAL:BTC-USD@INV", "BTC-PERPETUAL"),
        ("DERIBIT:PERPETUAL:BTC-USDC@LIN", "BTC_USDC-PERPETUAL"),
        ("DERIBIT:FUTURE:BTC-USD-20250328@INV", "BTC-28MAR25"),
        ("DERIBIT:FUTURE:ETH-USD-20250926@INV", "ETH-26SEP25"),
        ("DERIBIT:OPTION:BTC-USD-50000-20241231-C", "BTC-31DEC24-50000-C"),
        ("DERIBIT:OPTION:ETH-USD-3500-20250627-P", "ETH-27JUN25-3500-P"),
    ],
)
def test_instrument_names_convert_both_ways(key: str, name: str) -> None:
    assert deribit_name(key) == name
    assert canonical_key(name) == key


@pytest.mark.parametrize(
    ("name", "currency"),
    [("BTC-PERPETUAL", "BTC"), ("BTC_USDC-PERPETUAL", "USDC"), ("ETH-27JUN25-3500-P", "ETH")],
)
def test_currency_is_the_settlement_currency(name: str, currency: str) -> None:
    assert currency_of(name) == currency


def test_limit_order_params_carry_label_price_and_time_in_force() -> None:
    order = an_order().sell("250").limit("50123.5").tif(TimeInForce.IOC).build()

    method, params = order_request(order)

    assert method == "private/sell"
    assert params == {
        "instrument_name": "BTC-PERPETUAL",
        "amount": Decimal(250),
        "type": "limit",
        "label": order.client_order_id,
        "time_in_force": "immediate_or_cancel",
        "price": Decimal("50123.5"),
    }
    assert '"price":50123.5' in encode(params)


def test_market_order_params_have_no_price() -> None:
    method, params = order_request(an_order().buy("10").tif(TimeInForce.FOK).build())

    assert (method, params["type"], params["time_in_force"]) == (
        "private/buy",
        "market",
        "fill_or_kill",
    )
    assert "price" not in params


@pytest.mark.parametrize(
    ("state", "filled", "status"),
    [
        ("open", "0", OrderStatus.ACCEPTED),
        ("open", "10", OrderStatus.PARTIALLY_FILLED),
        ("untriggered", "0", OrderStatus.ACCEPTED),
        ("filled", "100", OrderStatus.FILLED),
        ("cancelled", "10", OrderStatus.CANCELED),
        ("rejected", "0", OrderStatus.REJECTED),
    ],
)
def test_order_states_map_to_order_statuses(state: str, filled: str, status: OrderStatus) -> None:
    assert order_status({"order_state": state, "filled_amount": Decimal(filled)}) == status


def test_order_json_becomes_a_venue_order_state_with_decimals() -> None:
    data = decode(
        '{"order_id": "BTC-7", "label": "O-1", "instrument_name": "BTC-28MAR25",'
        ' "direction": "sell", "order_type": "market", "order_state": "filled",'
        ' "price": "market_price", "amount": 30, "filled_amount": 30, "average_price": 50400.5}'
    )

    state = order_state("DERIBIT", data)

    assert state.client_order_id == "O-1"
    assert state.venue_order_id == "BTC-7"
    assert state.instrument_key == "DERIBIT:FUTURE:BTC-USD-20250328@INV"
    assert (state.side, state.order_type, state.status) == (
        OrderSide.SELL,
        OrderType.MARKET,
        OrderStatus.FILLED,
    )
    assert state.price is None
    assert state.avg_fill_price == Decimal("50400.5")


def test_trade_json_becomes_a_fill_in_exact_decimals() -> None:
    trade = decode(
        '{"trade_id": "BTC-9", "order_id": "BTC-7", "label": "O-1", "instrument_name":'
        ' "BTC-PERPETUAL", "direction": "buy", "amount": 40, "price": 49000.1,'
        ' "fee": 0.00000041, "fee_currency": "BTC", "liquidity": "M", "timestamp": 1700000000123}'
    )

    fill = fill_of("DERIBIT", trade, None)

    assert (fill.venue_trade_id, fill.fill_id, fill.operation_id) == (
        "BTC-9",
        "DERIBIT-BTC-9",
        "O-1",
    )
    assert (fill.quantity, fill.price, fill.fee) == (
        Decimal(40),
        Decimal("49000.1"),
        Decimal("4.1E-7"),
    )
    assert fill.liquidity is LiquiditySide.MAKER
    assert fill.ts_event == 1_700_000_000_123_000_000
