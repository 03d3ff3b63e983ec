"""Frozen configuration of the Deribit adapter: endpoints, credential names, limits, timings."""

from __future__ import annotations

from decimal import Decimal

import attrs
from attrs import validators as v

from domain.enums import VenueKind
from domain.instrument_key import InstrumentKey
from domain.venue import Venue

TESTNET_WS = "wss://test.deribit.com/ws/api/v2"
TESTNET_HTTP = "https://test.deribit.com/api/v2"
MAINNET_WS = "wss://www.deribit.com/ws/api/v2"
MAINNET_HTTP = "https://www.deribit.com/api/v2"


@attrs.frozen(kw_only=True)
class CreditLimits:
    """Deribit's credit model: two refilling pools, one for matching-engine requests
    (orders, edits, cancels) and one for everything else; each request costs credits."""

    matching_cost: int = attrs.field(default=500, validator=v.gt(0))
    matching_capacity: int = attrs.field(default=10_000, validator=v.gt(0))
    matching_refill_per_second: int = attrs.field(default=2_500, validator=v.gt(0))
    non_matching_cost: int = attrs.field(default=500, validator=v.gt(0))
    non_matching_capacity: int = attrs.field(default=50_000, validator=v.gt(0))
    non_matching_refill_per_second: int = attrs.field(default=10_000, validator=v.gt(0))


@attrs.frozen(kw_only=True)
class DeribitConfig:
    """Where and how to reach Deribit. Holds the *names* of the environment variables with
    the API key, never the key itself."""

    venue_id: str = "DERIBIT"
    testnet: bool = True
    # Explicit endpoints win over testnet/mainnet (e.g. a local fake in tests).
    ws_url_override: str | None = None
    http_url_override: str | None = None
    client_id_env: str = "DERIBIT_CLIENT_ID"
    client_secret_env: str = "DERIBIT_CLIENT_SECRET"
    # Deribit refuses heartbeat intervals under 10 s.
    heartbeat_interval_s: int = attrs.field(default=30, validator=v.ge(10))
    # Heartbeat intervals without any message from Deribit after which the connection is
    # taken for lost (the docs' use of heartbeats: "detect stale connections").
    stale_after_heartbeats: float = attrs.field(default=2.5, validator=v.gt(0))
    cancel_on_disconnect: bool = False
    credits: CreditLimits = CreditLimits()
    # How often the supervisor polls Deribit for what the stream missed, and how often it
    # looks whether the connection is still up (a lost one is reconnected at the next look).
    poll_interval_s: float = attrs.field(default=5.0, validator=v.gt(0))
    health_check_s: float = attrs.field(default=0.1, validator=v.gt(0))
    request_timeout_s: float = attrs.field(default=10.0, validator=v.gt(0))
    connect_timeout_s: float = attrs.field(default=10.0, validator=v.gt(0))
    token_refresh_fraction: float = attrs.field(default=0.8, validator=[v.gt(0), v.lt(1)])
    max_attempts: int = attrs.field(default=3, validator=v.ge(1))
    retry_delay_s: float = attrs.field(default=0.05, validator=v.ge(0))
    # How far before the moment a connection was lost the gap recovery looks for trades.
    gap_overlap_s: float = attrs.field(default=60.0, validator=v.ge(0))
    instruments: frozenset[str] = frozenset(
        {"DERIBIT:PERPETUAL:BTC-USD@INV", "DERIBIT:PERPETUAL:ETH-USD@INV"}
    )
    maker_fee: Decimal = Decimal("0")
    taker_fee: Decimal = Decimal("0.0005")
    fee_currency: str = "BTC"
    min_size: Decimal = Decimal("10")
    latency_ms: Decimal = Decimal("20")

    @property
    def ws_url(self) -> str:
        return self.ws_url_override or (TESTNET_WS if self.testnet else MAINNET_WS)

    @property
    def http_url(self) -> str:
        return self.http_url_override or (TESTNET_HTTP if self.testnet else MAINNET_HTTP)

    @property
    def currencies(self) -> tuple[str, ...]:
        """Deribit currencies of the configured instruments (BTC, ETH, USDC...), for queries."""
        return tuple(sorted({InstrumentKey.parse(k).settle_asset for k in self.instruments}))

    def venue(self) -> Venue:
        return Venue(
            venue_id=self.venue_id,
            kind=VenueKind.EXTERNAL_SDK,
            maker_fee=self.maker_fee,
            taker_fee=self.taker_fee,
            latency_ms=self.latency_ms,
            min_size=self.min_size,
            instruments=self.instruments,
            fee_currency=self.fee_currency,
        )
