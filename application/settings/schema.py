"""The external JSON configuration schema shared by backtest and live (pure attrs)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, get_args

import attrs

from application.routing.decisions import RouterWeights
from domain.enums import TradingState, VenueKind
from domain.risk_limits import RiskLimits

AdapterType = Literal["simulated", "deribit", "nautilus"]
ADAPTER_TYPES: tuple[AdapterType, ...] = get_args(AdapterType)


@attrs.frozen(kw_only=True)
class AdapterSettings:
    """How to reach a venue: `simulated`, `deribit` or `nautilus` (with its options)."""

    type: AdapterType = "simulated"
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
class RiskSettings(RiskLimits):
    """The risk limits of the domain plus the trading state to start in."""

    trading_state: TradingState = TradingState.ACTIVE


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
    # The longest a signal's window grows to cover its algorithm or resting limit order.
    max_window_seconds: int = 900
    strategies: list[str] = attrs.field(factory=list)
    # Canonical keys whose signals run; empty: every instrument the signals name.
    instruments: list[str] = attrs.field(factory=list)
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
class ApiSettings:
    """Who may call the HTTP services: keys (hashed) from the environment, CORS, body limits."""

    keys_env: str = "ODUM_API_KEYS"
    keys_file_env: str = "ODUM_API_KEYS_FILE"
    # Reads without a key, only when the service listens on loopback (embedded default).
    open_reads_on_loopback: bool = False
    allowed_origins: list[str] = attrs.field(factory=list)
    max_body_bytes: int = 1_000_000
    # Backtest configs a client may name (`config_name`): `<name>.json` in this directory.
    config_dir: str | None = None


@attrs.frozen(kw_only=True)
class Settings:
    """The whole configuration file."""

    venues: list[VenueSettings] = attrs.field(factory=list)
    risk: RiskSettings = attrs.field(factory=RiskSettings)
    router: RouterWeights = attrs.field(factory=RouterWeights)
    resilience: ResilienceSettings = attrs.field(factory=ResilienceSettings)
    algorithms: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    storage: StorageSettings = attrs.field(factory=StorageSettings)
    database: DatabaseSettings = attrs.field(factory=DatabaseSettings)
    backtest: BacktestSettings = attrs.field(factory=BacktestSettings)
    live: LiveSettings = attrs.field(factory=LiveSettings)
    api: ApiSettings = attrs.field(factory=ApiSettings)
