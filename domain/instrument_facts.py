"""Cached facts derived from canonical keys (base asset, inverse) for hot paths."""

from __future__ import annotations

from functools import lru_cache

from domain.instrument_key import InstrumentKey


@lru_cache(maxsize=4096)
def parse_key(instrument_key: str) -> InstrumentKey:
    return InstrumentKey.parse(instrument_key)


def base_asset(instrument_key: str) -> str:
    return parse_key(instrument_key).base


def is_inverse(instrument_key: str) -> bool:
    return parse_key(instrument_key).is_inverse
