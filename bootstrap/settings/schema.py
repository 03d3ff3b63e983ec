"""Configuration schema: venues, instruments, risk, router, algorithms, storage, database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

import attrs

from domain.enums import TradingState, VenueKind


@attrs.frozen(kw_only=True)
class AdapterSettings:
    """How to reach a venue: `simulated`, `deribit` or `nautilus` (with its options)."""

    type: Literal["simulated", "deribit", "nautilus"] = "simulated"
    options: dict[str, Any] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class VenueSettings:
    venue_id: str
    kind: VenueKind = VenueKind.SIMULATED
    maker_fee: Decimal = Decimal("0.0002")
    taker_fee: Decimal = Decimal("0.0004")
    latency_ms: Decimal = Decimal(0)
    min_size: Decimal = Decimal(0)
    max_size: Decimal | None = None
    fee_currency: str = "USDT"
    instruments: list[str] = attrs.field(factory=list)
    adapter: AdapterSettings = attrs.field(factory=AdapterSettings)
    starting_balances: dict[str, Decimal] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class RiskSettings:
    trading_state: TradingState = TradingState.ACTIVE
    max_orders_per_second: int | None = None
    max_orders_per_minute: int | None = None
    max_strategy_orders_per_second: int | None = None
    max_strategy_orders_per_minute: int | None = None
    min_order_quantity: Decimal | None = None
    max_order_quantity: Decimal | None = None
    max_order_notional: Decimal | None = None
    max_position_per_instrument: Decimal | None = None
    instrument_position_limits: dict[str, Decimal] = attrs.field(factory=dict)
    max_position_per_strategy: Decimal | None = None
    max_global_position_notional: Decimal | None = None
    max_total_notional_exposure: Decimal | None = None
    price_tolerance_bps: Decimal | None = None
    check_balance: bool = False
    margin_rate: Decimal = Decimal(1)


@attrs.frozen(kw_only=True)
class RouterSettings:
    latency_bps_per_ms: Decimal = Decimal("0.01")
    half_open_penalty_bps: Decimal = Decimal(5)
    failure_penalty_bps: Decimal = Decimal(1)
    beyond_book_penalty_bps: Decimal = Decimal(50)
    split_min_saving_bps: Decimal = Decimal("0.5")


@attrs.frozen(kw_only=True)
class ResilienceSettings:
    retry_attempts: int = 3
    retry_base_delay_seconds: float = 0.05
    retry_max_delay_seconds: float = 2.0
    breaker_failure_threshold: int = 3
    breaker_cooldown_seconds: float = 5.0


@attrs.frozen(kw_only=True)
class StorageSettings:
    """`gcs` is primary; `local` is the explicit fallback; `memory` for tests."""

    backend: Literal["gcs", "local", "memory"] = "gcs"
    local_root: str = "var/store"
    project: str | None = None
    buckets: dict[str, str] = attrs.field(factory=dict)
    timeout_seconds: float = 30.0


@attrs.frozen(kw_only=True)
class DatabaseSettings:
    """Connection URL comes from the environment variable named by `url_env`."""

    url_env: str = "ODUM_DATABASE_URL"
    pool_min_size: int = 2
    pool_max_size: int = 10


@attrs.frozen(kw_only=True)
class BacktestSettings:
    dates: list[str] = attrs.field(factory=list)
    window_seconds: int = 300
    strategies: list[str] = attrs.field(factory=list)
    starting_balance: Decimal = Decimal(1_000_000)
    currency: str = "USDT"


@attrs.frozen(kw_only=True)
class LiveSettings:
    """A live service's own run (LIVE- run id): its five files, refreshed periodically."""

    mode: Literal["live", "paper"] = "paper"
    record_run: bool = True
    refresh_seconds: float = 60.0
    currency: str = "USDT"
    # Default: the sum of the venues' starting balances in `currency`.
    starting_balance: Decimal | None = None


@attrs.frozen(kw_only=True)
class Settings:
    """The whole configuration file."""

    venues: list[VenueSettings] = attrs.field(factory=list)
    risk: RiskSettings = attrs.field(factory=RiskSettings)
    router: RouterSettings = attrs.field(factory=RouterSettings)
    resilience: ResilienceSettings = attrs.field(factory=ResilienceSettings)
    algorithms: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    storage: StorageSettings = attrs.field(factory=StorageSettings)
    database: DatabaseSettings = attrs.field(factory=DatabaseSettings)
    backtest: BacktestSettings = attrs.field(factory=BacktestSettings)
    live: LiveSettings = attrs.field(factory=LiveSettings)
