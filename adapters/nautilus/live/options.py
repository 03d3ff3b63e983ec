"""The `adapter.options` of a nautilus venue, structured strictly, every problem reported."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any

import attrs

from adapters.serialization.converter import error_messages, make_converter


class Exchange(StrEnum):
    """The exchanges whose NautilusTrader clients a venue can use."""

    BINANCE = "binance"
    BYBIT = "bybit"
    OKX = "okx"


# The account types each exchange's NautilusTrader clients trade.
ACCOUNT_TYPES: dict[Exchange, tuple[str, ...]] = {
    Exchange.BINANCE: ("spot", "margin", "usdt_future", "coin_future"),
    Exchange.BYBIT: ("spot", "linear", "inverse", "option"),
    Exchange.OKX: ("spot", "margin", "linear", "inverse", "option"),
}


@attrs.frozen(kw_only=True)
class ReplayInstrument:
    """Price and size increments of an instrument replayed offline (no exchange to ask)."""

    tick_size: Decimal
    lot_size: Decimal


@attrs.frozen(kw_only=True)
class ReplayOptions:
    """Recorded Tardis CSV ticks fed to the node instead of the exchange's market data.

    `speed` 0 replays as fast as the event loop allows (`batch` ticks per turn); 1 keeps
    the recorded gaps between ticks, 10 is ten times faster. Without `autoplay` the feed
    only moves when told to (`ReplayDataClient.advance`).
    """

    trades_csv: str | None = None
    quotes_csv: str | None = None
    instruments: dict[str, ReplayInstrument] = attrs.field(factory=dict)
    autoplay: bool = True
    speed: float = 0.0
    batch: int = 200


@attrs.frozen(kw_only=True)
class ReconciliationOptions:
    """The live execution engine's reconciliation (unset fields keep NautilusTrader's)."""

    enabled: bool | None = None
    lookback_mins: int | None = None
    inflight_check_interval_ms: int | None = None
    inflight_check_threshold_ms: int | None = None
    inflight_check_retries: int | None = None
    open_check_interval_secs: float | None = None
    open_check_open_only: bool | None = None
    position_check_interval_secs: float | None = None
    filter_unclaimed_external_orders: bool | None = None
    filter_position_reports: bool | None = None
    generate_missing_orders: bool | None = None
    startup_delay_secs: float | None = None


@attrs.frozen(kw_only=True)
class NodeOptions:
    """Settings of the one TradingNode that hosts every nautilus venue of the service."""

    trader_id: str | None = None
    log_level: str | None = None
    timeout_connection_s: float | None = None
    timeout_reconciliation_s: float | None = None
    timeout_portfolio_s: float | None = None
    timeout_disconnection_s: float | None = None
    timeout_post_stop_s: float | None = None


@attrs.frozen(kw_only=True)
class NautilusVenueOptions:
    """What a venue's `adapter.options` may say. Credentials are environment variable NAMES."""

    exchange: Exchange
    account_type: str
    testnet: bool = False
    paper: bool = False
    api_key_env: str | None = None
    api_secret_env: str | None = None
    api_passphrase_env: str | None = None
    leverage: Decimal = Decimal(1)
    # The exchange's endpoints, e.g. an emulator on loopback. Binance: REST, market streams,
    # user stream; Bybit: REST, public, private and trade streams; OKX: REST, public and
    # private streams (the business stream's URL is derived from them).
    base_url_http: str | None = None
    base_url_ws: str | None = None
    base_url_ws_stream: str | None = None
    base_url_ws_private: str | None = None
    base_url_ws_trade: str | None = None
    # The sandbox's book: L1_MBP matches quotes; L2_MBP matches published depth.
    paper_book_type: str = "L1_MBP"
    submit_timeout_s: float = 10.0
    # Bybit: `stream` sends orders on the trade stream (NautilusTrader's way, fast, rejected
    # with the `retMsg` alone); `rest` over REST, rejected with `retCode: retMsg` but paced
    # by NautilusTrader's REST client (see adapters/nautilus/live/bybit_execution.py).
    order_entry: str = "stream"
    replay: ReplayOptions | None = None
    reconciliation: ReconciliationOptions = attrs.field(factory=ReconciliationOptions)
    node: NodeOptions = attrs.field(factory=NodeOptions)


OPTIONS = "adapter.options"
ENDPOINTS = {
    Exchange.BINANCE: ("base_url_http", "base_url_ws", "base_url_ws_stream"),
    Exchange.BYBIT: ("base_url_http", "base_url_ws", "base_url_ws_private", "base_url_ws_trade"),
    Exchange.OKX: ("base_url_http", "base_url_ws", "base_url_ws_private"),
}
PAPER_BOOK_TYPES = ("L1_MBP", "L2_MBP")
ORDER_ENTRIES = ("stream", "rest")
LOG_LEVELS = ("TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "OFF")


class NautilusOptionsError(ValueError):
    """Invalid nautilus settings of a venue; `problems` names each field (its path in the
    venue's settings, e.g. `adapter.options.account_type`) and why."""

    def __init__(self, venue_id: str, problems: list[str]) -> None:
        self.venue_id, self.problems = venue_id, problems
        super().__init__(f"venue {venue_id}: " + "; ".join(problems))


def _in_options(problem: str) -> str:
    field, _, why = problem.partition(": ")
    return f"{OPTIONS}: {why}" if field == "(root)" else f"{OPTIONS}.{problem}"


def _strict_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {type(value).__name__}")
    return value


def _strict_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {type(value).__name__}")
    return value


def _strict_float(value: Any, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {type(value).__name__}")
    return float(value)


_converter = make_converter()
_converter.register_structure_hook(bool, _strict_bool)
_converter.register_structure_hook(int, _strict_int)
_converter.register_structure_hook(float, _strict_float)


def parse_options(venue_id: str, raw: Mapping[str, Any]) -> NautilusVenueOptions:
    """Structure the options strictly (types, unknown keys), all problems at once."""
    try:
        return _converter.structure(dict(raw), NautilusVenueOptions)
    except Exception as error:  # cattrs groups every bad field in one exception
        problems = [_in_options(line) for line in error_messages(error)]
        raise NautilusOptionsError(venue_id, problems) from None


def rule_problems(options: NautilusVenueOptions) -> list[str]:
    """Rules across option fields, each problem prefixed with its path."""
    return [_in_options(problem) for problem in _rules(options)]


def _rules(options: NautilusVenueOptions) -> list[str]:
    problems = []
    allowed = ACCOUNT_TYPES[options.exchange]
    if options.account_type not in allowed:
        problems.append(
            f"account_type: {options.account_type!r} is not a {options.exchange} account "
            f"type (one of {', '.join(allowed)})"
        )
    settable = ENDPOINTS.get(options.exchange, ())
    for name in sorted({name for names in ENDPOINTS.values() for name in names}):
        value = getattr(options, name)
        if value is None:
            continue
        if name not in settable:
            problems.append(f"{name}: not an endpoint of {options.exchange} that can be set")
        elif not value.startswith(
            ("http://", "https://") if name == "base_url_http" else ("ws://", "wss://")
        ):
            scheme = "http(s)://" if name == "base_url_http" else "ws(s)://"
            problems.append(f"{name}: a {scheme} URL, got {value!r}")
    if options.paper_book_type not in PAPER_BOOK_TYPES:
        problems.append(f"paper_book_type: one of {', '.join(PAPER_BOOK_TYPES)}")
    if options.order_entry not in ORDER_ENTRIES:
        problems.append(f"order_entry: one of {', '.join(ORDER_ENTRIES)}")
    elif options.order_entry == "rest" and options.exchange is not Exchange.BYBIT:
        problems.append("order_entry: only Bybit orders can be sent over REST instead")
    if options.leverage <= 0:
        problems.append("leverage: must be positive")
    if options.submit_timeout_s <= 0:
        problems.append("submit_timeout_s: must be positive")
    if options.api_passphrase_env and options.exchange is not Exchange.OKX:
        problems.append("api_passphrase_env: only OKX keys have a passphrase")
    node = options.node
    if node.log_level is not None and node.log_level.upper() not in LOG_LEVELS:
        problems.append(f"node.log_level: one of {', '.join(LOG_LEVELS)}")
    if node.trader_id is not None and "-" not in node.trader_id.strip("-"):
        problems.append("node.trader_id: a name and a tag joined by a hyphen, e.g. ODUM-001")
    replay = options.replay
    if replay is not None:
        if not options.paper:
            problems.append("replay: recorded ticks can only be traded on paper (set paper: true)")
        if not (replay.trades_csv or replay.quotes_csv):
            problems.append("replay: give trades_csv, quotes_csv or both")
        if replay.speed < 0:
            problems.append("replay.speed: must be 0 (as fast as possible) or positive")
        if replay.batch <= 0:
            problems.append("replay.batch: must be positive")
        for key, spec in replay.instruments.items():
            if spec.tick_size <= 0 or spec.lot_size <= 0:
                problems.append(f"replay.instruments.{key}: tick_size and lot_size must be > 0")
    return problems
