"""The sample day's instruments and its CONTRACTS instruments file.

Sizes in trades and books are base units for the linear perpetuals (multiples of
`min_size`; OKX contracts are 0.01 BTC / 0.1 ETH) and USD for the Deribit inverse
perpetual (multiples of `contract_size` = 10 USD). Trade counts at scale 1: Binance BTC
at CONTRACTS' ~3 M a day, ETH at the 0.66 ETH/BTC ratio of the recordings; the other
venues' shares, their basis to Binance and the listing dates are assumptions.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pyarrow as pa

from adapters.sample_day.calibration import BTC, ETH, AssetCalibration
from domain.instrument_key import InstrumentKey

DATA_TYPES = "trades,book_snapshot_5"


@attrs.frozen(kw_only=True)
class SampleInstrument:
    """One listing: its key, venue symbol, trading rules and how busy it is."""

    key: str
    symbol: str
    asset: AssetCalibration
    tick_size: float
    min_size: float
    contract_size: float
    trades_per_day: int
    basis_bps: float
    listed: date

    @property
    def parsed(self) -> InstrumentKey:
        return InstrumentKey.parse(self.key)

    @property
    def inverse(self) -> bool:
        return self.parsed.is_inverse


def _linear(venue: str, base: str, symbol: str, **rules: Any) -> SampleInstrument:
    return SampleInstrument(key=f"{venue}:PERPETUAL:{base}-USDT@LIN", symbol=symbol, **rules)


SAMPLE_INSTRUMENTS: tuple[SampleInstrument, ...] = (
    _linear("BINANCE-FUTURES", "BTC", "BTCUSDT", asset=BTC, tick_size=0.1, min_size=0.001,
            contract_size=1.0, trades_per_day=3_000_000, basis_bps=0.0, listed=date(2019, 9, 8)),
    _linear("BINANCE-FUTURES", "ETH", "ETHUSDT", asset=ETH, tick_size=0.01, min_size=0.001,
            contract_size=1.0, trades_per_day=2_000_000, basis_bps=0.0, listed=date(2019, 11, 27)),
    _linear("BYBIT", "BTC", "BTCUSDT", asset=BTC, tick_size=0.1, min_size=0.001,
            contract_size=1.0, trades_per_day=1_500_000, basis_bps=0.4, listed=date(2020, 3, 26)),
    _linear("BYBIT", "ETH", "ETHUSDT", asset=ETH, tick_size=0.01, min_size=0.01,
            contract_size=1.0, trades_per_day=1_000_000, basis_bps=0.5, listed=date(2020, 10, 21)),
    _linear("OKX", "BTC", "BTC-USDT-SWAP", asset=BTC, tick_size=0.1, min_size=0.01,
            contract_size=0.01, trades_per_day=1_000_000, basis_bps=-0.3, listed=date(2019, 12, 3)),
    _linear("OKX", "ETH", "ETH-USDT-SWAP", asset=ETH, tick_size=0.01, min_size=0.1,
            contract_size=0.1, trades_per_day=660_000, basis_bps=-0.4, listed=date(2019, 12, 3)),
    SampleInstrument(key="DERIBIT:PERPETUAL:BTC-USD@INV", symbol="BTC-PERPETUAL", asset=BTC,
                     tick_size=0.5, min_size=10.0, contract_size=10.0, trades_per_day=300_000,
                     basis_bps=1.2, listed=date(2018, 8, 14)),
)  # fmt: skip

_TEXT, _NUMBER, _TIME = pa.string(), pa.float64(), pa.timestamp("ns", tz="UTC")
INSTRUMENTS_SCHEMA = pa.schema(
    [
        ("instrument_key", _TEXT),
        ("venue", _TEXT),
        ("instrument_type", _TEXT),
        ("symbol", _TEXT),
        ("base_asset", _TEXT),
        ("quote_asset", _TEXT),
        ("settle_asset", _TEXT),
        ("tick_size", _NUMBER),
        ("min_size", _NUMBER),
        ("contract_size", _NUMBER),
        ("inverse", pa.bool_()),
        ("available_from_datetime", _TIME),
        ("available_to_datetime", _TIME),
        ("data_types", _TEXT),
    ]
)


def instrument_row(
    day: date,
    key: InstrumentKey,
    *,
    symbol: str,
    rules: tuple[float, float, float],
    listed: date,
    data_types: str = DATA_TYPES,
) -> dict[str, Any]:
    """One row of the instruments file: `rules` are tick size, min size and contract size."""
    tick_size, min_size, contract_size = rules
    return {
        "instrument_key": str(key),
        "venue": key.venue,
        "instrument_type": key.instrument_type.value,
        "symbol": symbol,
        "base_asset": key.base,
        "quote_asset": key.quote,
        "settle_asset": key.settle_asset,
        "tick_size": tick_size,
        "min_size": min_size,
        "contract_size": contract_size,
        "inverse": key.is_inverse,
        "available_from_datetime": datetime.combine(listed, datetime.min.time(), tzinfo=UTC),
        "available_to_datetime": datetime.combine(
            day + timedelta(days=1), datetime.min.time(), tzinfo=UTC
        ),
        "data_types": data_types,
    }


def instruments_table(day: date, instruments: tuple[SampleInstrument, ...]) -> pa.Table:
    """One row per listing, available from its listing date to the end of `day`."""
    rows = [
        instrument_row(
            day,
            instrument.parsed,
            symbol=instrument.symbol,
            rules=(instrument.tick_size, instrument.min_size, instrument.contract_size),
            listed=instrument.listed,
        )
        for instrument in instruments
    ]
    return pa.Table.from_pylist(rows, schema=INSTRUMENTS_SCHEMA)
