"""Canonical instrument keys: parsing, formatting, venue symbol conversions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.venue_symbols import (
    from_deribit_name,
    from_nautilus_id,
    to_deribit_name,
    to_nautilus_id,
)
from domain.errors import InvalidInstrumentKey
from domain.instrument_key import InstrumentKey, InstrumentType, OptionKind, Settlement

CONTRACT_EXAMPLES = [
    ("BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN", "BTCUSDT-PERP.BINANCE"),
    ("BINANCE-SPOT:SPOT_PAIR:BTC-USDT", "BTCUSDT.BINANCE"),
    ("BYBIT:PERPETUAL:ETH-USDT@LIN", "ETHUSDT-LINEAR.BYBIT"),
    ("OKX:PERPETUAL:BTC-USDT@LIN", "BTC-USDT-SWAP.OKX"),
    ("DERIBIT:PERPETUAL:BTC-USD@INV", "BTC-PERPETUAL.DERIBIT"),
    ("DERIBIT:FUTURE:BTC-USD-20250328@INV", "BTC-28MAR25.DERIBIT"),
    ("DERIBIT:OPTION:BTC-USD-50000-20241231-C", "BTC-31DEC24-50000-C.DERIBIT"),
]


@pytest.mark.parametrize(("key", "nautilus_id"), CONTRACT_EXAMPLES)
def test_contract_examples_round_trip(key: str, nautilus_id: str) -> None:
    parsed = InstrumentKey.parse(key)
    assert str(parsed) == key
    assert to_nautilus_id(parsed) == nautilus_id
    hint = parsed.venue if parsed.venue.startswith("BINANCE") else None
    assert from_nautilus_id(nautilus_id, venue_hint=hint) == parsed


def test_deribit_names_of_each_kind() -> None:
    assert to_deribit_name(InstrumentKey.parse("DERIBIT:PERPETUAL:BTC-USD@INV")) == "BTC-PERPETUAL"
    dated = InstrumentKey.parse("DERIBIT:FUTURE:BTC-USD-20250328@INV")
    assert to_deribit_name(dated) == "BTC-28MAR25"
    option = InstrumentKey.parse("DERIBIT:OPTION:BTC-USD-50000-20241231-C")
    assert to_deribit_name(option) == "BTC-31DEC24-50000-C"
    assert from_deribit_name("BTC-5JAN25").expiry == date(2025, 1, 5)
    assert from_deribit_name("ETH_USDC-PERPETUAL").settlement is Settlement.LIN


def test_option_fields_are_parsed() -> None:
    key = InstrumentKey.parse("DERIBIT:OPTION:BTC-USD-50000-20241231-C")
    assert key.instrument_type is InstrumentType.OPTION
    assert key.strike == Decimal(50000)
    assert key.expiry == date(2024, 12, 31)
    assert key.option_kind is OptionKind.CALL


def test_asset_class_prefix_is_kept() -> None:
    key = InstrumentKey.parse("CRYPTO:BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN")
    assert key.asset_class == "CRYPTO"
    assert str(key) == "CRYPTO:BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"


def test_fungible_listings_share_an_identity() -> None:
    binance = InstrumentKey.parse("BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN")
    bybit = InstrumentKey.parse("BYBIT:PERPETUAL:BTC-USDT@LIN")
    assert binance.identity == bybit.identity == "PERPETUAL:BTC-USDT@LIN"
    assert binance.at_venue("BYBIT") == bybit


@pytest.mark.parametrize(
    ("key", "part"),
    [
        ("BINANCE-FUTURES:PERP:BTC-USDT", "instrument type"),
        ("binance:PERPETUAL:BTC-USDT", "venue"),
        ("BINANCE:PERPETUAL:BTC", "payload"),
        ("BINANCE:PERPETUAL:BTC-USDT@XYZ", "settlement"),
        ("DERIBIT:FUTURE:BTC-USD-20251301@INV", "expiry"),
        ("DERIBIT:OPTION:BTC-USD-abc-20241231-C", "strike"),
        ("DERIBIT:OPTION:BTC-USD-50000-20241231-X", "option kind"),
        ("BTC-USDT", "structure"),
        ("", "key"),
    ],
)
def test_malformed_keys_name_the_bad_part(key: str, part: str) -> None:
    with pytest.raises(InvalidInstrumentKey) as raised:
        InstrumentKey.parse(key)
    assert raised.value.part == part
    assert repr(key) in str(raised.value)


assets = st.sampled_from(["BTC", "ETH", "SOL", "USDT", "USD", "USDC"])
venues = st.sampled_from(["BINANCE-FUTURES", "BYBIT", "OKX", "DERIBIT", "X1"])


@st.composite
def instrument_keys(draw: st.DrawFn) -> InstrumentKey:
    kind = draw(st.sampled_from(list(InstrumentType)))
    fields: dict[str, object] = {}
    if kind in (InstrumentType.FUTURE, InstrumentType.OPTION):
        fields["expiry"] = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
    if kind is InstrumentType.OPTION:
        fields["strike"] = draw(
            st.decimals(min_value=Decimal("0.5"), max_value=Decimal(10**6), places=1)
        )
        fields["option_kind"] = draw(st.sampled_from(list(OptionKind)))
    settlement = (
        None
        if kind is InstrumentType.SPOT_PAIR
        else draw(st.none() | st.sampled_from(list(Settlement)))
    )
    return InstrumentKey(
        venue=draw(venues),
        instrument_type=kind,
        base=draw(assets),
        quote=draw(assets),
        settlement=settlement,
        **fields,
    )


@given(instrument_keys())
def test_format_then_parse_is_identity(key: InstrumentKey) -> None:
    assert InstrumentKey.parse(str(key)) == key


@st.composite
def deribit_keys(draw: st.DrawFn) -> InstrumentKey:
    kind = draw(
        st.sampled_from([InstrumentType.PERPETUAL, InstrumentType.FUTURE, InstrumentType.OPTION])
    )
    base = draw(st.sampled_from(["BTC", "ETH", "SOL"]))
    common = {"venue": "DERIBIT", "instrument_type": kind, "base": base, "quote": "USD"}
    if kind is InstrumentType.PERPETUAL:
        return InstrumentKey(**common, settlement=Settlement.INV)
    expiry = draw(st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31)))
    if kind is InstrumentType.FUTURE:
        return InstrumentKey(**common, expiry=expiry, settlement=Settlement.INV)
    strike = Decimal(draw(st.integers(min_value=1, max_value=500_000)))
    option_kind = draw(st.sampled_from(list(OptionKind)))
    return InstrumentKey(**common, expiry=expiry, strike=strike, option_kind=option_kind)


@given(deribit_keys())
def test_deribit_names_round_trip(key: InstrumentKey) -> None:
    assert from_deribit_name(to_deribit_name(key)) == key
