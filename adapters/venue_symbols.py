"""Conversions between canonical keys and NautilusTrader ids / Deribit instrument names."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from domain.errors import InvalidInstrumentKey
from domain.instrument_key import InstrumentKey, InstrumentType, OptionKind, Settlement

# Canonical venue -> NautilusTrader venue name.
NAUTILUS_VENUES: dict[str, str] = {
    "BINANCE-FUTURES": "BINANCE",
    "BINANCE-SPOT": "BINANCE",
    "BYBIT": "BYBIT",
    "OKX": "OKX",
    "DERIBIT": "DERIBIT",
}
# Longest first, so that e.g. USDT wins over USD when splitting `BTCUSDT`.
_QUOTES = ("FDUSD", "USDT", "USDC", "BUSD", "USD", "BTC", "ETH", "EUR")


def to_nautilus_id(key: InstrumentKey) -> str:
    """`BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN` -> `BTCUSDT-PERP.BINANCE` (and peers)."""
    venue = NAUTILUS_VENUES.get(key.venue, key.venue)
    kind = key.instrument_type
    pair = f"{key.base}{key.quote}"
    if key.venue == "DERIBIT":
        return f"{to_deribit_name(key)}.DERIBIT"
    if key.venue == "OKX":
        okx = {
            InstrumentType.SPOT_PAIR: f"{key.base}-{key.quote}",
            InstrumentType.PERPETUAL: f"{key.base}-{key.quote}-SWAP",
        }
        if kind is InstrumentType.FUTURE and key.expiry:
            okx[kind] = f"{key.base}-{key.quote}-{key.expiry:%y%m%d}"
        if kind in okx:
            return f"{okx[kind]}.OKX"
    elif key.venue == "BYBIT":
        suffix = {InstrumentType.SPOT_PAIR: "SPOT", InstrumentType.PERPETUAL: "LINEAR"}
        if key.is_inverse and kind is InstrumentType.PERPETUAL:
            return f"{pair}-INVERSE.BYBIT"
        if kind in suffix:
            return f"{pair}-{suffix[kind]}.BYBIT"
    else:
        if kind is InstrumentType.SPOT_PAIR:
            return f"{pair}.{venue}"
        if kind is InstrumentType.PERPETUAL:
            return f"{pair}-PERP.{venue}"
        if kind is InstrumentType.FUTURE and key.expiry:
            return f"{pair}_{key.expiry:%y%m%d}.{venue}"
    raise InvalidInstrumentKey(str(key), "instrument type", f"{kind} has no NautilusTrader id")


def from_nautilus_id(instrument_id: str, *, venue_hint: str | None = None) -> InstrumentKey:
    """Inverse of `to_nautilus_id`; `venue_hint` picks BINANCE-SPOT vs BINANCE-FUTURES."""
    symbol, dot, venue = instrument_id.rpartition(".")
    if not dot or not symbol:
        raise InvalidInstrumentKey(instrument_id, "structure", "expected SYMBOL.VENUE")
    if venue == "DERIBIT":
        return from_deribit_name(symbol)
    if venue == "OKX":
        return _from_okx(instrument_id, symbol)
    if venue == "BYBIT":
        pair, _, suffix = symbol.partition("-")
        base, quote = _split_pair(instrument_id, pair)
        kinds = {
            "SPOT": (InstrumentType.SPOT_PAIR, None),
            "LINEAR": (InstrumentType.PERPETUAL, Settlement.LIN),
            "INVERSE": (InstrumentType.PERPETUAL, Settlement.INV),
        }
        if suffix not in kinds:
            raise InvalidInstrumentKey(instrument_id, "symbol", f"unknown Bybit suffix {suffix!r}")
        kind, settle = kinds[suffix]
        return InstrumentKey(
            venue="BYBIT", instrument_type=kind, base=base, quote=quote, settlement=settle
        )
    if symbol.endswith("-PERP"):
        base, quote = _split_pair(instrument_id, symbol.removesuffix("-PERP"))
        inverse = quote == "USD"
        return InstrumentKey(
            venue=venue_hint or f"{venue}-FUTURES",
            instrument_type=InstrumentType.PERPETUAL,
            base=base,
            quote=quote,
            settlement=Settlement.INV if inverse else Settlement.LIN,
        )
    if "_" in symbol:
        pair, _, yymmdd = symbol.partition("_")
        base, quote = _split_pair(instrument_id, pair)
        return InstrumentKey(
            venue=venue_hint or f"{venue}-FUTURES",
            instrument_type=InstrumentType.FUTURE,
            base=base,
            quote=quote,
            expiry=_yymmdd(instrument_id, yymmdd),
            settlement=Settlement.INV if quote == "USD" else Settlement.LIN,
        )
    base, quote = _split_pair(instrument_id, symbol)
    return InstrumentKey(
        venue=venue_hint or f"{venue}-SPOT",
        instrument_type=InstrumentType.SPOT_PAIR,
        base=base,
        quote=quote,
    )


def to_deribit_name(key: InstrumentKey) -> str:
    """`DERIBIT:FUTURE:BTC-USD-20250328@INV` -> `BTC-28MAR25`; options and perps alike."""
    if key.venue != "DERIBIT":
        raise InvalidInstrumentKey(str(key), "venue", "only DERIBIT keys have Deribit names")
    linear = key.quote != "USD"
    root = f"{key.base}_{key.quote}" if linear else key.base
    kind = key.instrument_type
    if kind is InstrumentType.PERPETUAL:
        return f"{root}-PERPETUAL"
    if kind is InstrumentType.FUTURE and key.expiry:
        return f"{root}-{_deribit_date(key.expiry)}"
    if kind is InstrumentType.OPTION and key.expiry and key.strike and key.option_kind:
        strike = format(key.strike.normalize(), "f").replace(".", "d")
        return f"{root}-{_deribit_date(key.expiry)}-{strike}-{key.option_kind.value}"
    if kind is InstrumentType.SPOT_PAIR:
        return f"{key.base}_{key.quote}"
    raise InvalidInstrumentKey(str(key), "instrument type", f"{kind} has no Deribit name")


def from_deribit_name(name: str) -> InstrumentKey:
    """`BTC-PERPETUAL`, `BTC-28MAR25`, `BTC-31DEC24-50000-C`, `BTC_USDC-PERPETUAL` -> key."""
    pieces = name.split("-")
    root = pieces[0]
    base, sep, quote = root.partition("_")
    quote = quote if sep else "USD"
    settlement = Settlement.LIN if sep else Settlement.INV
    if len(pieces) == 1 and sep:
        return InstrumentKey(
            venue="DERIBIT", instrument_type=InstrumentType.SPOT_PAIR, base=base, quote=quote
        )
    if len(pieces) == 2 and pieces[1] == "PERPETUAL":
        return InstrumentKey(
            venue="DERIBIT",
            instrument_type=InstrumentType.PERPETUAL,
            base=base,
            quote=quote,
            settlement=settlement,
        )
    if len(pieces) == 2:
        return InstrumentKey(
            venue="DERIBIT",
            instrument_type=InstrumentType.FUTURE,
            base=base,
            quote=quote,
            expiry=_deribit_expiry(name, pieces[1]),
            settlement=settlement,
        )
    if len(pieces) == 4:
        try:
            strike = Decimal(pieces[2].replace("d", "."))
            kind = OptionKind(pieces[3])
        except (InvalidOperation, ValueError):
            raise InvalidInstrumentKey(name, "option", "expected STRIKE-C|P") from None
        return InstrumentKey(
            venue="DERIBIT",
            instrument_type=InstrumentType.OPTION,
            base=base,
            quote=quote,
            expiry=_deribit_expiry(name, pieces[1]),
            strike=strike,
            option_kind=kind,
            settlement=None if not sep else settlement,
        )
    raise InvalidInstrumentKey(name, "structure", "not a Deribit instrument name")


def _deribit_date(value: date) -> str:
    return f"{value.day}{value.strftime('%b').upper()}{value:%y}"


_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def _deribit_expiry(name: str, text: str) -> date:
    match = re.fullmatch(r"(\d{1,2})([A-Z]{3})(\d{2})", text)
    if not match or match[2] not in _MONTHS:
        raise InvalidInstrumentKey(name, "expiry", f"{text!r} is not like 28MAR25")
    return _calendar_date(name, 2000 + int(match[3]), _MONTHS.index(match[2]) + 1, int(match[1]))


def _calendar_date(name: str, year: int, month: int, day: int) -> date:
    # Venue symbols carry two-digit years; listed expiries are all in 2000-2099.
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInstrumentKey(name, "expiry", "not a calendar date") from None


def _from_okx(instrument_id: str, symbol: str) -> InstrumentKey:
    pieces = symbol.split("-")
    if len(pieces) == 2:
        return InstrumentKey(
            venue="OKX", instrument_type=InstrumentType.SPOT_PAIR, base=pieces[0], quote=pieces[1]
        )
    if len(pieces) == 3:
        base, quote, tail = pieces
        settle = Settlement.INV if quote == "USD" else Settlement.LIN
        if tail == "SWAP":
            return InstrumentKey(
                venue="OKX",
                instrument_type=InstrumentType.PERPETUAL,
                base=base,
                quote=quote,
                settlement=settle,
            )
        return InstrumentKey(
            venue="OKX",
            instrument_type=InstrumentType.FUTURE,
            base=base,
            quote=quote,
            expiry=_yymmdd(instrument_id, tail),
            settlement=settle,
        )
    raise InvalidInstrumentKey(instrument_id, "symbol", "not an OKX instrument id")


def _split_pair(instrument_id: str, pair: str) -> tuple[str, str]:
    for quote in _QUOTES:
        if pair.endswith(quote) and len(pair) > len(quote):
            return pair[: -len(quote)], quote
    raise InvalidInstrumentKey(instrument_id, "symbol", f"cannot split {pair!r} into base/quote")


def _yymmdd(instrument_id: str, text: str) -> date:
    if not re.fullmatch(r"\d{6}", text):
        raise InvalidInstrumentKey(instrument_id, "expiry", f"{text!r} is not YYMMDD")
    return _calendar_date(instrument_id, 2000 + int(text[:2]), int(text[2:4]), int(text[4:]))
