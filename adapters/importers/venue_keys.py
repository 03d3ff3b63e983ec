"""Canonical instrument keys of the symbols found in Tardis files and Binance streams."""

from __future__ import annotations

from adapters.venue_symbols import from_deribit_name, from_nautilus_id
from domain.errors import InvalidInstrumentKey


def binance_futures_key(symbol: str) -> str:
    """`BTCUSDT` -> `BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN`; `BTCUSDT_240927` -> dated future."""
    symbol = symbol.upper()
    nautilus = f"{symbol}.BINANCE" if "_" in symbol else f"{symbol}-PERP.BINANCE"
    return str(from_nautilus_id(nautilus, venue_hint="BINANCE-FUTURES"))


def _bybit_key(symbol: str) -> str:
    suffix = "INVERSE" if symbol.endswith("USD") else "LINEAR"
    return str(from_nautilus_id(f"{symbol}-{suffix}.BYBIT"))


_TARDIS_EXCHANGES = {
    "binance-futures": binance_futures_key,
    "binance": lambda symbol: str(from_nautilus_id(f"{symbol}.BINANCE", venue_hint="BINANCE-SPOT")),
    "bybit": _bybit_key,
    "okex-swap": lambda symbol: str(from_nautilus_id(f"{symbol}.OKX")),
    "deribit": lambda symbol: str(from_deribit_name(symbol)),
}


def tardis_key(exchange: str, symbol: str) -> str:
    """The key of a Tardis `exchange,symbol` pair; raises `InvalidInstrumentKey` if unknown."""
    to_key = _TARDIS_EXCHANGES.get(exchange)
    if to_key is None:
        known = ", ".join(sorted(_TARDIS_EXCHANGES))
        raise InvalidInstrumentKey(
            f"{exchange}:{symbol}", "exchange", f"unknown Tardis exchange (known: {known})"
        )
    return to_key(symbol.upper())
