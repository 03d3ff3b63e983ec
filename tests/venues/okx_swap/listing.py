"""The listed swap: BTC-USDT-SWAP, sized in contracts of 0.01 BTC, priced on a 0.1 tick."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

import attrs

from tests.venues.binance_futures.orders import SymbolSpec


@attrs.frozen
class SwapContract:
    """One OKX swap over a symbol of the matching engine, which counts in the base coin:
    OKX's `sz` is contracts, `ctVal` base each (`0.01` BTC), in steps of `lotSz` contracts."""

    inst_id: str
    inst_id_code: int
    spec: SymbolSpec
    ct_val: Decimal
    lot_sz: Decimal

    def contracts(self, base: Decimal) -> Decimal:
        return base / self.ct_val

    def base(self, contracts: Decimal) -> Decimal:
        return contracts * self.ct_val

    def bid(self, price: Decimal) -> Decimal:
        """A recorded bid on this swap's tick (never better than recorded)."""
        return price.quantize(self.spec.tick_size, rounding=ROUND_FLOOR)

    def ask(self, price: Decimal) -> Decimal:
        return price.quantize(self.spec.tick_size, rounding=ROUND_CEILING)

    def trade(self, price: Decimal) -> Decimal:
        return price.quantize(self.spec.tick_size, rounding=ROUND_HALF_EVEN)


BTC_USDT_SWAP = SwapContract(
    inst_id="BTC-USDT-SWAP",
    inst_id_code=10459,
    # The engine's symbol is the recording's; its step is one lot (0.01 contract) of BTC.
    spec=SymbolSpec(
        symbol="BTCUSDT",
        base="BTC",
        quote="USDT",
        tick_size=Decimal("0.1"),
        step_size=Decimal("0.0001"),
        min_qty=Decimal("0.0001"),
        max_qty=Decimal(120),
    ),
    ct_val=Decimal("0.01"),
    lot_sz=Decimal("0.01"),
)
