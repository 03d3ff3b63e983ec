"""Canonical instrument keys: `[ASSET_CLASS:]VENUE:INSTRUMENT_TYPE:PAYLOAD[@SETTLEMENT]`."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache

import attrs

from domain.errors import InvalidInstrumentKey


class InstrumentType(StrEnum):
    SPOT_PAIR = "SPOT_PAIR"
    PERPETUAL = "PERPETUAL"
    FUTURE = "FUTURE"
    OPTION = "OPTION"


class Settlement(StrEnum):
    LIN = "LIN"
    INV = "INV"


class OptionKind(StrEnum):
    CALL = "C"
    PUT = "P"


_VENUE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")
_ASSET = re.compile(r"^[A-Z0-9]{1,12}$")
_DATE = re.compile(r"^\d{8}$")


@attrs.frozen(kw_only=True, order=True)
class InstrumentKey:
    """One tradable instrument at one venue, in the canonical form of CONTRACTS §1."""

    venue: str
    instrument_type: InstrumentType
    base: str
    quote: str
    expiry: date | None = None
    strike: Decimal | None = None
    option_kind: OptionKind | None = None
    settlement: Settlement | None = None
    asset_class: str | None = None

    @classmethod
    def parse(cls, text: str) -> InstrumentKey:
        return _parse_cached(text) if isinstance(text, str) else _parse(text)

    @property
    def symbol(self) -> str:
        """The payload (without settlement): e.g. `BTC-USDT`, `BTC-USD-50000-20241231-C`."""
        parts = [self.base, self.quote]
        if self.instrument_type is InstrumentType.OPTION:
            parts += [_format_decimal(self.strike), _format_date(self.expiry)]
            parts.append(self.option_kind.value if self.option_kind else "")
        elif self.instrument_type is InstrumentType.FUTURE:
            parts.append(_format_date(self.expiry))
        return "-".join(parts)

    @property
    def identity(self) -> str:
        """The instrument without its venue: equal for fungible listings on several venues."""
        suffix = f"@{self.settlement.value}" if self.settlement else ""
        return f"{self.instrument_type.value}:{self.symbol}{suffix}"

    def at_venue(self, venue: str) -> InstrumentKey:
        return attrs.evolve(self, venue=venue, asset_class=None)

    @property
    def is_inverse(self) -> bool:
        return self.settlement is Settlement.INV

    @property
    def settle_asset(self) -> str:
        return self.base if self.is_inverse else self.quote

    def __str__(self) -> str:
        prefix = f"{self.asset_class}:" if self.asset_class else ""
        suffix = f"@{self.settlement.value}" if self.settlement else ""
        return f"{prefix}{self.venue}:{self.instrument_type.value}:{self.symbol}{suffix}"


def _format_date(value: date | None) -> str:
    return value.strftime("%Y%m%d") if value else ""


def _format_decimal(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


@lru_cache(maxsize=8192)
def _parse_cached(text: str) -> InstrumentKey:
    # Keys are frozen values, so the parse of a hot key can be shared (errors are not cached).
    return _parse(text)


def _parse(text: str) -> InstrumentKey:
    if not isinstance(text, str) or not text:
        raise InvalidInstrumentKey(str(text), "key", "must be a non-empty string")
    parts = text.split(":")
    if len(parts) == 4:
        asset_class, venue, kind, payload = parts
        if not _ASSET.match(asset_class):
            raise InvalidInstrumentKey(text, "asset class", f"{asset_class!r} is not upper-case")
    elif len(parts) == 3:
        asset_class, (venue, kind, payload) = None, parts
    else:
        raise InvalidInstrumentKey(
            text, "structure", "expected VENUE:INSTRUMENT_TYPE:PAYLOAD[@SETTLEMENT]"
        )
    if not _VENUE.match(venue):
        raise InvalidInstrumentKey(text, "venue", f"{venue!r} is not an upper-case venue name")
    try:
        instrument_type = InstrumentType(kind)
    except ValueError:
        allowed = ", ".join(t.value for t in InstrumentType)
        raise InvalidInstrumentKey(text, "instrument type", f"{kind!r} not in {allowed}") from None
    settlement = None
    if "@" in payload:
        payload, _, settle_text = payload.partition("@")
        try:
            settlement = Settlement(settle_text)
        except ValueError:
            raise InvalidInstrumentKey(
                text, "settlement", f"{settle_text!r} is not LIN or INV"
            ) from None
    fields = _parse_payload(text, instrument_type, payload)
    return InstrumentKey(
        venue=venue,
        instrument_type=instrument_type,
        settlement=settlement,
        asset_class=asset_class,
        **fields,
    )


def _parse_payload(text: str, kind: InstrumentType, payload: str) -> dict[str, object]:
    pieces = payload.split("-")
    expected = {
        InstrumentType.SPOT_PAIR: 2,
        InstrumentType.PERPETUAL: 2,
        InstrumentType.FUTURE: 3,
        InstrumentType.OPTION: 5,
    }[kind]
    if len(pieces) != expected:
        shapes = {
            InstrumentType.SPOT_PAIR: "BASE-QUOTE",
            InstrumentType.PERPETUAL: "BASE-QUOTE",
            InstrumentType.FUTURE: "BASE-QUOTE-YYYYMMDD",
            InstrumentType.OPTION: "BASE-QUOTE-STRIKE-YYYYMMDD-C|P",
        }
        raise InvalidInstrumentKey(text, "payload", f"{payload!r} should be {shapes[kind]}")
    base, quote = pieces[0], pieces[1]
    for name, asset in (("base asset", base), ("quote asset", quote)):
        if not _ASSET.match(asset):
            raise InvalidInstrumentKey(text, name, f"{asset!r} is not an upper-case asset code")
    fields: dict[str, object] = {"base": base, "quote": quote}
    if kind is InstrumentType.FUTURE:
        fields["expiry"] = _parse_date(text, pieces[2])
    elif kind is InstrumentType.OPTION:
        fields["strike"] = _parse_strike(text, pieces[2])
        fields["expiry"] = _parse_date(text, pieces[3])
        try:
            fields["option_kind"] = OptionKind(pieces[4])
        except ValueError:
            raise InvalidInstrumentKey(
                text, "option kind", f"{pieces[4]!r} is not C or P"
            ) from None
    return fields


def _parse_date(text: str, value: str) -> date:
    if not _DATE.match(value):
        raise InvalidInstrumentKey(text, "expiry", f"{value!r} is not YYYYMMDD")
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise InvalidInstrumentKey(text, "expiry", f"{value!r} is not a calendar date") from None


def _parse_strike(text: str, value: str) -> Decimal:
    try:
        strike = Decimal(value)
    except InvalidOperation:
        raise InvalidInstrumentKey(text, "strike", f"{value!r} is not a number") from None
    if not strike.is_finite() or strike <= 0:
        raise InvalidInstrumentKey(text, "strike", f"{value!r} must be a positive number")
    return strike
