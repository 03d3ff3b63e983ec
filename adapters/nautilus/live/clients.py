"""NautilusTrader client configs of one venue: Binance, Bybit or OKX, the sandbox, or replay."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from adapters.nautilus.live.bybit import BybitPublicUrlDataClientConfig
from adapters.nautilus.live.config import NautilusVenueConfig
from adapters.nautilus.live.feed import ReplayDataClientConfig
from adapters.nautilus.live.options import OPTIONS, Exchange, NautilusOptionsError

# Default variable names (NautilusTrader's own conventions): (key, secret) live and testnet.
DEFAULT_KEY_ENV: dict[Exchange, dict[bool, tuple[str, str]]] = {
    Exchange.BINANCE: {
        False: ("BINANCE_API_KEY", "BINANCE_API_SECRET"),
        True: ("BINANCE_TESTNET_API_KEY", "BINANCE_TESTNET_API_SECRET"),
    },
    Exchange.BYBIT: {
        False: ("BYBIT_API_KEY", "BYBIT_API_SECRET"),
        True: ("BYBIT_TESTNET_API_KEY", "BYBIT_TESTNET_API_SECRET"),
    },
    Exchange.OKX: {
        False: ("OKX_API_KEY", "OKX_API_SECRET"),
        True: ("OKX_API_KEY", "OKX_API_SECRET"),
    },
}
BINANCE_ACCOUNTS = {
    "spot": "SPOT",
    "margin": "MARGIN",
    "usdt_future": "USDT_FUTURES",
    "coin_future": "COIN_FUTURES",
}


@attrs.frozen(kw_only=True)
class CredentialNames:
    """The environment variables holding a venue's API credentials (names, never values)."""

    key: str
    secret: str
    passphrase: str | None = None

    @classmethod
    def of(cls, venue: NautilusVenueConfig) -> CredentialNames:
        options = venue.options
        key, secret = DEFAULT_KEY_ENV[options.exchange][options.testnet]
        passphrase = None
        if options.exchange is Exchange.OKX:  # only OKX keys come with a passphrase
            passphrase = options.api_passphrase_env or "OKX_API_PASSPHRASE"
        return cls(
            key=options.api_key_env or key,
            secret=options.api_secret_env or secret,
            passphrase=passphrase,
        )

    def read(self, environ: Mapping[str, str], *, required: bool, venue_id: str) -> dict[str, Any]:
        names = {"api_key": self.key, "api_secret": self.secret}
        if self.passphrase:
            names["api_passphrase"] = self.passphrase
        missing = [name for name in names.values() if not environ.get(name)]
        if missing and required:
            raise NautilusOptionsError(
                venue_id,
                [f"{OPTIONS}.api_key_env: environment variable(s) {', '.join(missing)} not set"],
            )
        if missing:
            return {}  # public market data needs no key
        return {field: environ[name] for field, name in names.items()}


def _instrument_provider(venue: NautilusVenueConfig) -> Any:
    from nautilus_trader.config import InstrumentProviderConfig
    from nautilus_trader.model.identifiers import InstrumentId

    ids = frozenset(InstrumentId.from_str(i) for i in venue.instrument_ids.values())
    return InstrumentProviderConfig(load_ids=ids)


def data_client_config(venue: NautilusVenueConfig, environ: Mapping[str, str]) -> Any:
    """Recorded ticks when the venue replays, else the exchange's market data."""
    replay = venue.options.replay
    if replay is not None:
        return ReplayDataClientConfig(
            venue=venue.nautilus_venue,
            trades_csv=replay.trades_csv,
            quotes_csv=replay.quotes_csv,
            instrument_ids=venue.instrument_ids,
            autoplay=replay.autoplay,
            speed=replay.speed,
            batch=replay.batch,
        )
    credentials = CredentialNames.of(venue).read(environ, required=False, venue_id=venue.venue_id)
    return _exchange_config(venue, credentials, data=True)


def exec_client_config(venue: NautilusVenueConfig, environ: Mapping[str, str]) -> Any:
    """The sandbox on paper (fills simulated against the venue's market data), else the
    exchange's execution client with credentials from the environment."""
    if venue.options.paper:
        return _sandbox_config(venue)
    credentials = CredentialNames.of(venue).read(environ, required=True, venue_id=venue.venue_id)
    return _exchange_config(venue, credentials, data=False)


def _sandbox_config(venue: NautilusVenueConfig) -> Any:
    from nautilus_trader.adapters.sandbox.config import SandboxExecutionClientConfig

    return SandboxExecutionClientConfig(
        venue=venue.nautilus_venue,
        starting_balances=[
            f"{amount:f} {currency}" for currency, amount in venue.starting_balances
        ],
        account_type="CASH" if venue.is_spot else "MARGIN",
        oms_type="NETTING",
        default_leverage=venue.options.leverage,
        book_type=venue.options.paper_book_type,
        bar_execution=False,
        trade_execution=True,
    )


def _exchange_config(venue: NautilusVenueConfig, credentials: dict[str, Any], *, data: bool) -> Any:
    builders = {Exchange.BINANCE: _binance, Exchange.BYBIT: _bybit, Exchange.OKX: _okx}
    common = {"instrument_provider": _instrument_provider(venue), **credentials}
    return builders[venue.options.exchange](venue, common, data)


def _binance(venue: NautilusVenueConfig, common: dict[str, Any], data: bool) -> Any:
    from nautilus_trader.adapters.binance import (
        BinanceAccountType,
        BinanceDataClientConfig,
        BinanceExecClientConfig,
    )
    from nautilus_trader.adapters.binance.common.enums import BinanceEnvironment

    account = BinanceAccountType[BINANCE_ACCOUNTS[venue.options.account_type]]
    environment = BinanceEnvironment.TESTNET if venue.options.testnet else BinanceEnvironment.LIVE
    options = venue.options
    urls = {"base_url_http": options.base_url_http, "base_url_ws": options.base_url_ws}
    if not data:
        urls["base_url_ws_stream"] = options.base_url_ws_stream
    config = BinanceDataClientConfig if data else BinanceExecClientConfig
    return config(account_type=account, environment=environment, **common, **urls)


def _bybit(venue: NautilusVenueConfig, common: dict[str, Any], data: bool) -> Any:
    from nautilus_trader.adapters.bybit import (
        BybitDataClientConfig,
        BybitEnvironment,
        BybitExecClientConfig,
        BybitProductType,
    )

    options = venue.options
    product = getattr(BybitProductType, options.account_type.upper())
    environment = BybitEnvironment.TESTNET if options.testnet else BybitEnvironment.MAINNET
    common |= {"product_types": (product,), "environment": environment}
    if data:
        if options.base_url_ws is None:
            return BybitDataClientConfig(base_url_http=options.base_url_http, **common)
        return BybitPublicUrlDataClientConfig(
            base_url_http=options.base_url_http, base_url_ws=options.base_url_ws, **common
        )
    return BybitExecClientConfig(
        base_url_http=options.base_url_http,
        base_url_ws_private=options.base_url_ws_private,
        base_url_ws_trade=options.base_url_ws_trade,
        **common,
    )


def _okx(venue: NautilusVenueConfig, common: dict[str, Any], data: bool) -> Any:
    from nautilus_trader.adapters.okx import OKXDataClientConfig, OKXExecClientConfig
    from nautilus_trader.core.nautilus_pyo3 import (
        OKXContractType,
        OKXEnvironment,
        OKXInstrumentType,
    )

    account = venue.options.account_type
    contracts = None
    if account in ("linear", "inverse"):
        types = (OKXInstrumentType.SWAP, OKXInstrumentType.FUTURES)
        contracts = (getattr(OKXContractType, account.upper()),)
    else:
        types = (getattr(OKXInstrumentType, account.upper()),)
    # OKX has no testnet: its demo trading environment plays that part.
    environment = OKXEnvironment.DEMO if venue.options.testnet else OKXEnvironment.LIVE
    options = venue.options
    # NautilusTrader's one `base_url_ws` is the public stream for data, the private one for
    # execution (each derives the business stream's URL from it).
    urls = {
        "base_url_http": options.base_url_http,
        "base_url_ws": options.base_url_ws if data else options.base_url_ws_private,
    }
    config = OKXDataClientConfig if data else OKXExecClientConfig
    return config(
        instrument_types=types,
        contract_types=contracts,
        environment=environment,
        **common,
        **urls,
    )
