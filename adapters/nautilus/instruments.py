"""Listings of the instruments file (CONTRACTS §2) as NautilusTrader instruments, and back."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, time
from decimal import Decimal
from typing import Any

from nautilus_trader.model.enums import OptionKind as NautilusOptionKind
from nautilus_trader.model.identifiers import InstrumentId, Symbol, Venue
from nautilus_trader.model.instruments import (
    CryptoFuture,
    CryptoOption,
    CryptoPerpetual,
    CurrencyPair,
)
from nautilus_trader.model.instruments import Instrument as NautilusInstrument
from nautilus_trader.model.objects import Currency, Price, Quantity

from adapters.nautilus.config import NautilusBacktestConfig
from adapters.venue_symbols import NAUTILUS_VENUES, to_nautilus_id
from domain.instrument import Instrument
from domain.instrument_key import InstrumentKey, InstrumentType, OptionKind
from domain.venue import Venue as VenueSpec

# Dated futures and options expire at 08:00 UTC on Deribit, Binance, Bybit and OKX.
EXPIRY_TIME = time(8, 0, tzinfo=UTC)


class InstrumentNotLoaded(KeyError):
    """An instrument key (or nautilus id) the backtest did not load."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"instrument {key!r} is not loaded in the backtest")


def nautilus_venue_names(venue_ids: Sequence[str]) -> dict[str, str]:
    """Canonical venue -> nautilus venue; venues that would share one keep their own name.

    BINANCE-SPOT and BINANCE-FUTURES are both BINANCE in NautilusTrader ids, but each is a
    separate simulated exchange with its own account here, so when both are configured
    each keeps its canonical name as the nautilus venue.
    """
    mapped = {venue: NAUTILUS_VENUES.get(venue, venue) for venue in venue_ids}
    shared = {name for name in mapped.values() if list(mapped.values()).count(name) > 1}
    return {venue: venue if name in shared else name for venue, name in mapped.items()}


def precision_of(value: Decimal) -> int:
    """Decimal places of a tick or lot size: 0.1 -> 1, 0.5 -> 1, 10 -> 0."""
    return max(0, -int(value.normalize().as_tuple().exponent))


def build_instrument(
    listing: Instrument, venue_name: str, spec: VenueSpec, config: NautilusBacktestConfig
) -> NautilusInstrument:
    """One nautilus instrument from one row of the instruments file.

    Quantities stay in the units of the tick data and the signals (base units for linear
    and spot instruments, USD for inverse ones), so the multiplier is 1 and
    `contract_size` is kept in `info`: `min_size` (a whole number of contracts) is the lot.
    """
    key = listing.key
    symbol = to_nautilus_id(key).rpartition(".")[0]
    price_precision, size_precision = (
        precision_of(listing.tick_size),
        precision_of(listing.min_size),
    )
    lot = Quantity(listing.min_size, size_precision)
    common: dict[str, Any] = {
        "instrument_id": InstrumentId(Symbol(symbol), Venue(venue_name)),
        "raw_symbol": Symbol(listing.symbol or symbol),
        "price_precision": price_precision,
        "size_precision": size_precision,
        "price_increment": Price(listing.tick_size, price_precision),
        "size_increment": lot,
        "ts_event": 0,
        "ts_init": 0,
        "lot_size": lot,
        "min_quantity": lot,
        "margin_init": config.margin_init,
        "margin_maint": config.margin_maint,
        "maker_fee": spec.maker_fee,
        "taker_fee": spec.taker_fee,
        "info": {"instrument_key": str(key), "contract_size": str(listing.contract_size)},
    }
    base, quote = Currency.from_str(key.base), Currency.from_str(key.quote)
    settle = Currency.from_str(listing.settle_asset)
    kind = key.instrument_type
    if kind is InstrumentType.SPOT_PAIR:
        return CurrencyPair(base_currency=base, quote_currency=quote, **common)
    if kind is InstrumentType.PERPETUAL:
        return CryptoPerpetual(
            base_currency=base,
            quote_currency=quote,
            settlement_currency=settle,
            is_inverse=listing.inverse,
            **common,
        )
    dated = {
        "underlying": base,
        "quote_currency": quote,
        "settlement_currency": settle,
        "is_inverse": listing.inverse,
        "activation_ns": 0,
        "expiration_ns": _expiry_ns(key),
    }
    if kind is InstrumentType.FUTURE:
        return CryptoFuture(**dated, **common)
    option_kind = (
        NautilusOptionKind.CALL if key.option_kind is OptionKind.CALL else NautilusOptionKind.PUT
    )
    strike = Price(key.strike or Decimal(0), price_precision)
    return CryptoOption(**dated, option_kind=option_kind, strike_price=strike, **common)


def _expiry_ns(key: InstrumentKey) -> int:
    if key.expiry is None:
        return 0
    return int(datetime.combine(key.expiry, EXPIRY_TIME).timestamp()) * 1_000_000_000


class InstrumentCatalog:
    """The loaded instruments by canonical key, and the canonical key of each nautilus id."""

    def __init__(self, instruments: Mapping[str, NautilusInstrument]) -> None:
        self._by_key = dict(sorted(instruments.items()))
        self._key_of = {instrument.id: key for key, instrument in self._by_key.items()}

    @classmethod
    def build(
        cls,
        listings: Iterable[Instrument],
        venues: Sequence[VenueSpec],
        config: NautilusBacktestConfig,
    ) -> InstrumentCatalog:
        """Instruments of the configured venues only; a later listing of a key replaces one."""
        names = nautilus_venue_names([v.venue_id for v in venues])
        by_venue = {v.venue_id: v for v in venues}
        instruments: dict[str, NautilusInstrument] = {}
        for listing in listings:
            venue = listing.key.venue
            if venue in by_venue:
                instruments[str(listing.key)] = build_instrument(
                    listing, names[venue], by_venue[venue], config
                )
        return cls(instruments)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def instrument(self, key: str) -> NautilusInstrument:
        try:
            return self._by_key[key]
        except KeyError:
            raise InstrumentNotLoaded(key) from None

    def key_of(self, instrument_id: InstrumentId) -> str:
        try:
            return self._key_of[instrument_id]
        except KeyError:
            raise InstrumentNotLoaded(str(instrument_id)) from None

    def instruments(self) -> list[NautilusInstrument]:
        return list(self._by_key.values())

    def keys(self) -> list[str]:
        return list(self._by_key)
